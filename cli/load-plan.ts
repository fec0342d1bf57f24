/**
 * What `vcc-sim load` will fire, decided from its flags and the scenario before anything runs: the
 * checked flags (every bad combination is a one-line usage error), the k6 configuration, the events
 * planned (in all, per type, distinct) and, live, whether the k6 instances pre-generate. Pure: the
 * one file it may read (a replay's) comes through `readText`; nothing runs, nothing is written.
 */
import { SimError } from '../generator/errors.js';
import { parseUtc } from '../generator/notifications/time-format.js';
import { type ResolvedOptions, resolveOptions } from '../generator/simulation/options.js';
import { TeamSimulation } from '../generator/simulation/team-simulation.js';
import {
  K6_METRICS,
  type LoadConfig,
  lineType,
  PREGENERATE_AUTO_MAX_EVENTS,
  PREGENERATE_AUTO_RATE,
  PREGENERATE_MAX_EVENTS,
  type RateStage,
  SAMPLE_TAGS,
} from '../k6/index.js';
import type { Scenario } from '../scenarios/index.js';
import { type SignatureFormat, secretKey } from '../wire/index.js';
import {
  parseHeaders,
  type SimulationFlags,
  simulationOptionsFromFlags,
} from './commands/shared-options.js';

/** The flags of `vcc-sim load` a plan reads (as yargs gives them, camel-cased). */
export interface LoadFlags extends SimulationFlags {
  /** A replay's NDJSON file, as given (read through `readText`). */
  events?: string | undefined;
  target?: string | undefined;
  speed?: number | undefined;
  pregenerate?: boolean | undefined;
  rate?: number | undefined;
  vus?: number | undefined;
  maxDuration?: string | undefined;
  secret?: string | undefined;
  signatureFormat: SignatureFormat;
  header?: string[] | undefined;
  threshold?: string[] | undefined;
  /** Default 1. */
  segments?: number | undefined;
  k6Operator?: string | undefined;
  /** Default 4. */
  parallelism?: number | undefined;
  receiverStatus?: number | undefined;
  receiverFailRate?: number | undefined;
}

/** How a plan reads a replay's file (the command passes `readFileSync(path, 'utf8')`). */
export interface LoadPlanIo {
  readText(path: string): string;
}

/** The run `vcc-sim load` will start, with everything it will account for afterwards. */
export interface LoadPlan {
  mode: 'live' | 'replay';
  /**
   * The k6 configuration; its `target` is a placeholder when {@link LoadPlan.target} is undefined
   * (the built-in receiver's URL is known once it listens) and live runs get `runStartMs` at start.
   */
  config: LoadConfig;
  /** The checked `--target`, or undefined: the built-in receiver is the target. */
  target: string | undefined;
  /** Local k6 instances (`--segments`). */
  segments: number;
  /** k6-operator runners (`--parallelism`). */
  parallelism: number;
  /** Events planned (lines of a replay, notifications of a live run). */
  planned: number;
  plannedPerType: Record<string, number>;
  /** The planned events' send rate in simulated time, by their `time`: as `vcc-sim report` counts it. */
  rate: PlannedRate;
  /** Distinct (source, id) among the planned events: what a deduplicating receiver keeps. */
  distinct: number;
  /** Live: how the instances fire and why (`pre-generated: ...`, `simulated while firing`). */
  firing?: string;
  /** Replay: the file's text (the k6-operator's ConfigMap carries it). */
  events?: string;
}

const usage = (message: string) => new SimError('usage', message);

function wholeNumber(value: number | undefined, flag: string, min: number, max: number) {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max)
    throw usage(`Invalid --${flag} ${value}: give a whole number from ${min} to ${max}.`);
  return value;
}

function parseThresholds(
  values: readonly string[] | undefined,
  base: Record<string, string[]>,
): Record<string, string[]> {
  const out: Record<string, string[]> = Object.fromEntries(
    Object.entries(base).map(([k, v]) => [k, [...v]]),
  );
  for (const t of values ?? []) {
    const i = t.indexOf('=');
    const metric = t.slice(0, i).trim();
    const expr = t.slice(i + 1).trim();
    if (
      i <= 0 ||
      !/^[\w.{}:,-]+$/.test(metric) ||
      !/^[\w().]+\s*(<=|>=|==|!=|<|>)\s*[\d.]+$/.test(expr)
    )
      throw usage(
        `Invalid --threshold "${t}": write 'metric=expression', e.g. 'http_req_duration=p(95)<200'.`,
      );
    for (const [, tag] of metric.matchAll(/[{,]([^:,}]+):/g))
      if (!SAMPLE_TAGS.includes(tag as string))
        throw usage(
          `Invalid --threshold "${t}": no request carries the tag "${tag}" (ours carry ${SAMPLE_TAGS.join(', ')}), so it would pass on no samples.`,
        );
    out[metric] = [...(out[metric] ?? []), expr];
  }
  for (const metric of Object.keys(out)) {
    const name = metric.replace(/\{.*$/, '');
    if (!K6_METRICS.includes(name))
      throw usage(
        `Unknown threshold metric "${name}": a load run has k6's HTTP metrics (${K6_METRICS.join(', ')}); e.g. --threshold 'http_req_duration=p(95)<200'.`,
      );
  }
  return out;
}

/**
 * The thresholds of a replay without `--scenario`: no failures, every check passed, the pace kept
 * (no dropped iterations). No latency bound: add one with `--threshold`.
 */
export const REPLAY_THRESHOLDS: Record<string, string[]> = {
  http_req_failed: ['rate<0.01'],
  checks: ['rate>0.99'],
  dropped_iterations: ['count<1'],
};

/**
 * A replay's own scenario: named `replay`, with {@link REPLAY_THRESHOLDS}, and the rest (speed,
 * max duration) of the scenario it stands in for.
 *
 * @example
 * replayScenario(getScenario('smoke')).name // 'replay'
 */
export function replayScenario(base: Scenario): Scenario {
  return { ...base, name: 'replay', thresholds: { ...REPLAY_THRESHOLDS } };
}

/** `k6 run` flags that would change what a run fires, which `vcc-sim load` sets itself. */
const K6_FLAGS_OF_OURS: Record<string, string> = {
  '--vus': '--vus',
  '-u': '--vus',
  '--iterations': 'the scenario',
  '-i': 'the scenario',
  '--duration': '--max-duration',
  '-d': '--max-duration',
  '--stage': 'the scenario',
  '-s': 'the scenario',
  '--execution-segment': '--segments',
  '--execution-segment-sequence': '--segments',
  '--paused': 'nothing (vcc-sim load would wait forever)',
  '-p': 'nothing (vcc-sim load would wait forever)',
};

/**
 * The `k6 run` flags to pass on: each `--out` value as `--out VALUE`, then the arguments after `--`
 * as they are. Flags that change what is fired (`--vus`, `--duration`, segments...) are refused:
 * the run's accounting depends on them.
 *
 * @example
 * k6RunArgs(['json=run.json'], ['--tag', 'env=staging']) // ['--out', 'json=run.json', '--tag', 'env=staging']
 */
/** The outputs k6 v2 has built in (`k6 run --out TYPE[=ARGS]`). */
export const K6_OUTPUTS = [
  'cloud',
  'csv',
  'experimental-opentelemetry',
  'experimental-prometheus-rw',
  'influxdb',
  'json',
  'opentelemetry',
  'statsd',
  'web-dashboard',
];

export function k6RunArgs(
  outs: readonly string[] | undefined,
  rest: readonly string[] | undefined,
): string[] {
  const args: string[] = [];
  for (const o of outs ?? []) {
    if (o.trim() === '')
      throw usage('Invalid --out "": give a k6 output, e.g. --out json=run.json.');
    const type = o.replace(/=.*$/s, '');
    if (!K6_OUTPUTS.includes(type))
      throw usage(
        `--out ${JSON.stringify(o)}: k6 has no output "${type}"; give one of ${K6_OUTPUTS.join(', ')}, e.g. --out json=run.json.`,
      );
    args.push('--out', o);
  }
  for (const a of rest ?? []) {
    const flag = a.replace(/=.*$/, '');
    const ours = K6_FLAGS_OF_OURS[flag];
    if (ours !== undefined)
      throw usage(
        `The k6 flag ${flag} after -- would change what the run fires: vcc-sim load sets it from ${ours}.`,
      );
    if (!a.startsWith('-') && /\.(m?js|ts|tar)$/.test(a))
      throw usage(
        `"${a}" after -- looks like a k6 script: vcc-sim load runs its own; run yours with k6 run (see docs/load-testing.md).`,
      );
    args.push(a);
  }
  return args;
}

function checkTarget(target: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw usage(
      `Invalid --target "${target}": give an http(s) URL, e.g. http://127.0.0.1:8080/webhook.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw usage(`Invalid --target "${target}": only http and https URLs can be load-tested.`);
  return url.href;
}

/** The flags checked against each other, with the scenario's values where a flag is unset. */
interface CheckedFlags {
  segments: number;
  parallelism: number;
  vus: number | undefined;
  speed: number;
  maxDuration: string;
  target: string | undefined;
  /** What live and replay configurations share. */
  base: Omit<LoadConfig, 'mode' | 'vus' | 'types'>;
}

function checkFlags(flags: LoadFlags, scenario: Scenario): CheckedFlags {
  const segments = wholeNumber(flags.segments, 'segments', 1, 64) ?? 1;
  const parallelism = wholeNumber(flags.parallelism, 'parallelism', 1, 1000) ?? 4;
  const vus = wholeNumber(flags.vus, 'vus', 1, 100_000);
  const speed = flags.speed ?? scenario.speed;
  if (!(speed > 0 && speed <= 1e9)) throw usage(`Invalid --speed ${speed}: give a number above 0.`);
  if (flags.rate !== undefined && !(flags.rate > 0 && flags.rate <= 1e6))
    throw usage(`Invalid --rate ${flags.rate}: give notifications per second above 0.`);
  if (flags.rate !== undefined && flags.events === undefined)
    throw usage(
      '--rate paces a replay: give --events FILE too (live mode follows the simulation).',
    );
  // A scenario file may leave load.maxDuration out: it has no library default.
  const maxDuration = flags.maxDuration ?? (scenario.load.maxDuration as string | undefined);
  if (maxDuration === undefined)
    throw usage(
      `Scenario ${scenario.name} gives no load.maxDuration: give --max-duration (e.g. 2m), or add load: { maxDuration: '2m' } to the scenario.`,
    );
  if (!/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/.test(maxDuration) || /^0+[hms]?$/.test(maxDuration))
    throw usage(`Invalid --max-duration "${maxDuration}": give a k6 duration, e.g. 90s or 2m.`);
  if (flags.secret !== undefined) secretKey(flags.secret);
  const headers = parseHeaders(flags.header);
  const thresholds = parseThresholds(flags.threshold, scenario.thresholds);
  const target = flags.target !== undefined ? checkTarget(flags.target) : undefined;
  if (flags.k6Operator !== undefined && target === undefined)
    throw usage('--k6-operator needs --target: the URL of the receiver as the cluster reaches it.');
  if (
    target !== undefined &&
    (flags.receiverStatus !== undefined || flags.receiverFailRate !== undefined)
  )
    throw usage(
      '--receiver-status and --receiver-fail-rate apply to the built-in receiver: drop --target.',
    );
  if (flags.pregenerate && flags.events !== undefined)
    throw usage('--pregenerate applies to live mode: drop it, a replay fires its file as is.');
  if (flags.pregenerate && flags.k6Operator !== undefined)
    throw usage('--pregenerate runs local k6 instances (--segments): drop it with --k6-operator.');
  const base = {
    target: target ?? 'http://127.0.0.1:0/webhook',
    scenario: scenario.name,
    speed,
    maxDuration,
    signatureFormat: flags.signatureFormat,
    headers,
    thresholds,
    ...(flags.secret !== undefined ? { secret: flags.secret.trim() } : {}),
  };
  return { segments, parallelism, vus, speed, maxDuration, target, base };
}

/**
 * Plans a `vcc-sim load` run: checks the flags (a {@link SimError} with code `usage`, one line
 * saying how to fix, for each bad value or combination), then builds the k6 configuration and
 * counts the events planned. Live, it simulates the run once to count them (per team, for the
 * pre-generation cap and choice); a replay reads its file through `io`.
 *
 * @example
 * const plan = planLoad({ signatureFormat: 'jwt' }, getScenario('smoke'), { readText: () => '' });
 * plan.config.teams // [0]
 */
export function planLoad(flags: LoadFlags, scenario: Scenario, io: LoadPlanIo): LoadPlan {
  const checked = checkFlags(flags, scenario);
  return flags.events !== undefined
    ? planReplay(flags.events, flags, checked, io, scenario)
    : planLive(flags, scenario, checked);
}

function planReplay(
  path: string,
  flags: LoadFlags,
  checked: CheckedFlags,
  io: LoadPlanIo,
  scenario: Scenario,
): LoadPlan {
  if (scenario.delivery.chaos)
    throw usage(
      `The ${scenario.name} scenario's faults are drawn while simulating live: drop --events (a replay fires its file as is).`,
    );
  const file = readEventsFile(path, io.readText(path), checked.speed, flags.rate);
  const peak = flags.rate ?? Math.max(...(file.stages ?? []).map((x) => x.target));
  const config: LoadConfig = {
    ...checked.base,
    mode: 'replay',
    // Enough VUs for answers of up to half a second at the peak rate, none started mid-run.
    vus: checked.vus ?? Math.min(1000, Math.max(20, Math.ceil(peak / 2))),
    types: Object.keys(file.perType).sort(),
    events: path,
    count: file.count,
    ...(flags.rate !== undefined ? { rate: flags.rate } : { stages: file.stages as RateStage[] }),
  };
  return {
    mode: 'replay',
    config,
    target: checked.target,
    segments: checked.segments,
    parallelism: checked.parallelism,
    planned: file.count,
    plannedPerType: file.perType,
    rate: file.rate,
    distinct: file.distinct,
    events: file.text,
  };
}

function planLive(flags: LoadFlags, scenario: Scenario, checked: CheckedFlags): LoadPlan {
  const simulation = simulationOptionsFromFlags(flags, scenario.simulation);
  const resolved = resolveOptions(simulation);
  const operator = flags.k6Operator !== undefined;
  const [split, flag] = operator
    ? [checked.parallelism, 'parallelism']
    : [checked.segments, 'segments'];
  if (split > resolved.teams.length)
    throw usage(
      `--${flag} ${split} is more than the ${resolved.teams.length} teams to split: give at most ${resolved.teams.length}, or more agents (--agents) or smaller teams (--team-size).`,
    );
  const counts = countPlanned(resolved);
  const mostHeld = Math.max(
    ...pregeneratedTeams(resolved.teams, checked.segments).map((ts) =>
      ts.reduce((sum, t) => sum + (counts.perTeam.get(t) ?? 0), 0),
    ),
  );
  if (flags.pregenerate && mostHeld > PREGENERATE_MAX_EVENTS)
    throw usage(
      `--pregenerate would hold ${mostHeld} events in one k6 instance, over the cap of ${PREGENERATE_MAX_EVENTS}: split the teams over more k6 instances (--segments ${Math.ceil(counts.planned / PREGENERATE_MAX_EVENTS) + 1} or more), or drop --pregenerate to simulate live.`,
    );
  const chaos = scenario.delivery.chaos;
  if (chaos && flags.pregenerate)
    throw usage(
      `--pregenerate fires pre-built requests: drop it, the ${scenario.name} scenario's faults are drawn while firing.`,
    );
  const choice = choosePregenerate({
    flag: chaos ? false : flags.pregenerate,
    operator,
    planned: counts.planned,
    mostHeld,
    runSeconds: (resolved.endMs - resolved.startMs) / 1000 / checked.speed,
    instances: operator ? checked.parallelism : checked.segments,
  });
  const config: LoadConfig = {
    ...checked.base,
    mode: 'live',
    simulation,
    teams: resolved.teams,
    vus: Math.min(checked.vus ?? resolved.teams.length, resolved.teams.length),
    types: [...resolved.types].sort(),
    ...(choice.pregenerate ? { pregenerate: true } : {}),
    ...(chaos ? { chaos, chaosSeed: String(resolved.seed) } : {}),
  };
  return {
    mode: 'live',
    config,
    target: checked.target,
    segments: checked.segments,
    parallelism: checked.parallelism,
    planned: counts.planned,
    plannedPerType: counts.perType,
    rate: counts.rate,
    // Every notification of a simulation has its own id.
    distinct: counts.planned,
    firing: choice.why,
  };
}

/** The events a simulated run sends: in all, per type and per team. */
export interface PlannedCounts {
  planned: number;
  /** By type, in the order the types first appear in the run's stream. */
  perType: Record<string, number>;
  perTeam: Map<number, number>;
  /** Their send rate in simulated time. */
  rate: PlannedRate;
  /** False when counting stopped at `stopAfter`: the counts are then of part of the run. */
  complete: boolean;
}

/**
 * How fast a stream's notifications are sent in simulated time, by their `time`, counted as
 * `vcc-sim report` counts them (`notifications.peakSecond` and `meanPerSecond`).
 */
export interface PlannedRate {
  /** Notifications sent in the busiest second (0 for no events). */
  peakPerSecond: number;
  /** The first second with that many, ISO 8601 UTC; null for no events. */
  peakAt: string | null;
  /** How many seconds reach the peak. */
  peakSeconds: number;
  /** Notifications per second over the span from the first send to the last (at least 1 s). */
  meanPerSecond: number;
}

/**
 * Counts sends per second in any order (a plan counts team by team, not in send order). Memory:
 * one counter per second that has a send.
 *
 * @example
 * const rate = new SendRate();
 * rate.addTime('2026-01-05T10:00:00.5250000Z');
 * rate.result().peakPerSecond // 1
 */
export class SendRate {
  private readonly perSecond = new Map<number, number>();
  private total = 0;
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;

  /** One send at `ms` (fractional: whole ms plus 100 ns ticks / 10 000). */
  add(ms: number): void {
    const second = Math.floor(ms / 1000);
    this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + 1);
    this.total++;
    if (ms < this.first) this.first = ms;
    if (ms > this.last) this.last = ms;
  }

  /** One send at an envelope `time`; false (and nothing counted) when it does not parse. */
  addTime(time: unknown): boolean {
    const t = typeof time === 'string' ? parseUtc(time) : undefined;
    if (!t) return false;
    this.add(t.ms + t.ticks / TICKS_PER_MS);
    return true;
  }

  result(): PlannedRate {
    let peak = 0;
    let at = Number.POSITIVE_INFINITY;
    let seconds = 0;
    for (const [second, n] of this.perSecond) {
      if (n > peak) [peak, at, seconds] = [n, second, 1];
      else if (n === peak) [at, seconds] = [Math.min(at, second), seconds + 1];
    }
    return {
      peakPerSecond: peak,
      peakAt: peak > 0 ? new Date(at * 1000).toISOString() : null,
      peakSeconds: seconds,
      meanPerSecond:
        this.total === 0 ? 0 : this.total / Math.max(1, (this.last - this.first) / 1000),
    };
  }
}

const TICKS_PER_MS = 10_000;

/** How a run is paced, for what a receiver sees: a speed, a rate cap, or as fast as accepted. */
export interface PlanPace {
  speed?: number | undefined;
  rate?: number | undefined;
  max?: boolean | undefined;
}

/**
 * The one stderr line `fire` and `load` print before they start: the events planned, their peak
 * and mean per second in simulated time, and what a receiver sees at the run's pace.
 * `planned` undefined: more than `notCountedOver` events, not counted (the peak is not computed).
 *
 * @example
 * planLine(12018, { peakPerSecond: 14, peakAt: '2026-01-05T10:13:46.000Z', peakSeconds: 1, meanPerSecond: 3.2 }, { speed: 600 })
 * // 'plan: 12,018 events, peak 14/s (1 s at 2026-01-05T10:13:46Z), 3.20/s on average in simulated time; at speed 600 a receiver sees up to ~8,400/s\n'
 */
export function planLine(
  planned: number | undefined,
  rate: PlannedRate | undefined,
  pace: PlanPace,
  notCountedOver = FIRE_PEAK_MAX_EVENTS,
): string {
  const n = (x: number) => Math.round(x).toLocaleString('en');
  if (planned === undefined || rate === undefined)
    return `plan: more than ${n(notCountedOver)} events; peak not computed (it would simulate the run twice)\n`;
  if (rate.peakAt === null) return `plan: ${n(planned)} events, none with a send time\n`;
  const when = rate.peakAt.replace(/\.000Z$/, 'Z');
  const at =
    rate.peakSeconds === 1 ? `1 s at ${when}` : `${n(rate.peakSeconds)} s, the first at ${when}`;
  let seen: string;
  if (pace.max) seen = 'with --max a receiver gets them as fast as it accepts them';
  else if (pace.speed === undefined)
    seen = `at --rate ${pace.rate} a receiver sees up to ${pace.rate}/s`;
  else {
    const up = rate.peakPerSecond * pace.speed;
    seen =
      pace.rate !== undefined && pace.rate < up
        ? `at speed ${pace.speed} a receiver would see up to ~${n(up)}/s, capped at --rate ${pace.rate}`
        : `at speed ${pace.speed} a receiver sees up to ~${n(up)}/s`;
  }
  return `plan: ${n(planned)} events, peak ${n(rate.peakPerSecond)}/s (${at}), ${rate.meanPerSecond.toFixed(2)}/s on average in simulated time; ${seen}\n`;
}

/** `fire` computes a simulated run's peak by a second, counting pass only up to this many events. */
export const FIRE_PEAK_MAX_EVENTS = 1_000_000;

/** The merged stream's order (`sendsBefore`): send time, then id. */
const sendsEarlier = (a: { key: number; id: string }, b: { key: number; id: string }) =>
  a.key < b.key || (a.key === b.key && a.id < b.id);

/**
 * Counts a simulated run's notifications in one pass, team by team: each team is simulated on its
 * own random streams, so the counts (and the send rate) are those of the merged run
 * (`simulate(resolved)`) without the merge. With `stopAfter`, it stops once more than that many
 * are counted (`complete: false`).
 *
 * @example
 * countPlanned(resolveOptions(getScenario('smoke').simulation)).planned
 */
export function countPlanned(
  resolved: ResolvedOptions,
  stopAfter = Number.POSITIVE_INFINITY,
): PlannedCounts {
  const rate = new SendRate();
  const perType = new Map<string, number>();
  /** Each type's first send in the merged stream (the earliest of the teams' firsts). */
  const first = new Map<string, { key: number; id: string }>();
  const perTeam = new Map<number, number>();
  let planned = 0;
  for (const team of resolved.teams) {
    const sim = new TeamSimulation(resolved, team);
    const seen = new Set<string>();
    let n = 0;
    for (let next = sim.next(); next; next = sim.next()) {
      if (planned + n >= stopAfter) {
        perTeam.set(team, n);
        return { ...countsOf(planned + n, perType, first, perTeam, rate), complete: false };
      }
      // The key is the send time in 100 ns ticks since the start: the time's ms plus its ticks.
      const ticks = next.key - (next.sendMs - resolved.startMs) * TICKS_PER_MS;
      rate.add(next.sendMs + ticks / TICKS_PER_MS);
      const type = next.notification.type;
      perType.set(type, (perType.get(type) ?? 0) + 1);
      if (!seen.has(type)) {
        seen.add(type);
        const earliest = first.get(type);
        const send = { key: next.key, id: next.notification.id };
        if (!earliest || sendsEarlier(send, earliest)) first.set(type, send);
      }
      n++;
    }
    perTeam.set(team, n);
    planned += n;
  }
  return { ...countsOf(planned, perType, first, perTeam, rate), complete: true };
}

function countsOf(
  planned: number,
  perType: Map<string, number>,
  first: Map<string, { key: number; id: string }>,
  perTeam: Map<number, number>,
  rate: SendRate,
): Omit<PlannedCounts, 'complete'> {
  const order = [...first].sort(([, a], [, b]) => (sendsEarlier(a, b) ? -1 : 1));
  return {
    planned,
    perType: Object.fromEntries(order.map(([type]) => [type, perType.get(type) as number])),
    perTeam,
    rate: rate.result(),
  };
}

/**
 * An events file as NDJSON: as it is, or, for a JSON array or a CloudEvents batch (what
 * `vcc-sim generate --format json|batch` writes), one event a line in the array's order.
 */
export function asNdjson(path: string, text: string): string {
  if (!text.trimStart().startsWith('[')) return text;
  let events: unknown;
  try {
    events = JSON.parse(text);
  } catch (err) {
    throw usage(`Malformed JSON in ${path}: ${(err as Error).message}`);
  }
  if (!Array.isArray(events)) throw usage(`${path} holds JSON that is not an array of events.`);
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}

/** A replay file: its lines, types and the stages that follow its timeline. */
function readEventsFile(path: string, raw: string, speed: number, rate: number | undefined) {
  const text = asNdjson(path, raw);
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw usage(`The events file "${path}" holds no events.`);
  const perType: Record<string, number> = {};
  const ids = new Set<string>();
  const times: number[] = [];
  const sendRate = new SendRate();
  lines.forEach((line, i) => {
    let event: { type?: unknown; time?: unknown; source?: unknown; id?: unknown };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      throw usage(
        `${path}:${i + 1}: not JSON; give NDJSON (one event a line), a JSON array or a batch (vcc-sim generate).`,
      );
    }
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string')
      throw usage(`${path}:${i + 1}: not a CloudEvent (no "type"); give one event a line.`);
    const type = lineType(line);
    perType[type] = (perType[type] ?? 0) + 1;
    ids.add(`${String(event.source)} ${String(event.id)}`);
    const t = typeof event.time === 'string' ? parseUtc(event.time) : undefined;
    if (!rate && !t)
      throw usage(
        `${path}:${i + 1}: no valid "time", so the file's timeline cannot be followed; give --rate.`,
      );
    if (t) {
      times.push(t.ms);
      sendRate.add(t.ms + t.ticks / TICKS_PER_MS);
    }
  });
  return {
    text,
    count: lines.length,
    distinct: ids.size,
    perType,
    rate: sendRate.result(),
    stages: rate ? undefined : timelineStages(times, speed),
  };
}

/**
 * Ramping-arrival-rate stages that follow the events' send times, `speed` times faster: up to 120
 * buckets, each at its own rate, then a last stage that fires whatever the ramps left.
 *
 * @example
 * timelineStages([0, 1000, 2000], 1) // [{ target: 1, duration: '1s' }, ..., the drain]
 */
export function timelineStages(times: readonly number[], speed: number): RateStage[] {
  const sorted = [...times].sort((a, b) => a - b);
  const first = sorted[0] as number;
  const spanS = ((sorted[sorted.length - 1] as number) - first) / 1000 / speed;
  const width = Math.max(1, Math.ceil(spanS / 120));
  const buckets = new Array<number>(Math.floor(spanS / width) + 1).fill(0);
  for (const t of sorted) {
    const b = Math.floor((t - first) / 1000 / speed / width);
    buckets[b] = (buckets[b] ?? 0) + 1;
  }
  const stages: RateStage[] = [];
  let planned = 0;
  let previous = Math.ceil((buckets[0] ?? 0) / width);
  for (const c of buckets) {
    const target = Math.ceil(c / width);
    stages.push({ target, duration: `${width}s` });
    planned += ((previous + target) / 2) * width;
    previous = target;
  }
  const rest = sorted.length - Math.floor(planned);
  const drain = Math.max(1, ...stages.map((s) => s.target));
  stages.push({
    target: drain,
    duration: `${Math.max(1, Math.ceil(Math.max(0, rest) / drain) + 1)}s`,
  });
  return stages;
}

/**
 * Pre-generated live runs on N instances: instance `i` gets every N-th team from the i-th, and
 * runs them without an execution segment. A pre-generating instance simulates its teams in the
 * init context, before k6 hands out iterations, so it must be told its teams: k6 keeps which
 * iterations a segment gets to itself.
 *
 * @example
 * pregeneratedTeams([0, 1, 2, 3, 4], 2) // [[0, 2, 4], [1, 3]]
 */
export function pregeneratedTeams(teams: readonly number[], n: number): number[][] {
  return Array.from({ length: n }, (_, i) => teams.filter((_, j) => j % n === i));
}

/** Whether a live run pre-generates, and why, for the run's first line. */
export interface PregenerateChoice {
  pregenerate: boolean;
  why: string;
}

/**
 * Decides whether a live run pre-generates: as the flag says, or, without it, when the run asks each
 * k6 instance for at least `PREGENERATE_AUTO_RATE` events/s on average (simulating while firing
 * would then take CPU from the requests and can fall behind the schedule) and each instance holds
 * at most `PREGENERATE_AUTO_MAX_EVENTS`. Never on the k6-operator, whose runners cannot be given
 * their teams.
 *
 * @example
 * choosePregenerate({ flag: undefined, operator: false, planned: 9e5, mostHeld: 3e5, runSeconds: 60, instances: 3 })
 * // { pregenerate: true, why: 'pre-generated: 5,000 events/s asked of each k6 instance' }
 */
export function choosePregenerate(run: {
  flag: boolean | undefined;
  operator: boolean;
  planned: number;
  mostHeld: number;
  runSeconds: number;
  instances: number;
}): PregenerateChoice {
  if (run.flag !== undefined)
    return { pregenerate: run.flag, why: run.flag ? 'pre-generated' : 'simulated while firing' };
  if (run.operator) return { pregenerate: false, why: 'simulated while firing' };
  const rate = run.planned / run.instances / Math.max(run.runSeconds, 1e-3);
  const asked = `${Math.round(rate).toLocaleString('en')} events/s asked of each k6 instance`;
  if (rate < PREGENERATE_AUTO_RATE)
    return { pregenerate: false, why: `simulated while firing: ${asked}` };
  if (run.mostHeld > PREGENERATE_AUTO_MAX_EVENTS)
    return {
      pregenerate: false,
      why: `simulated while firing: ${asked}, but ${run.mostHeld.toLocaleString('en')} events per instance are too many to pre-generate (--segments splits them)`,
    };
  return { pregenerate: true, why: `pre-generated: ${asked}` };
}
