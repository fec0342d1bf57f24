/**
 * What `vcc-sim load` will fire, decided from its flags and the scenario before anything runs: the
 * checked flags (every bad combination is a one-line usage error), the k6 configuration, the events
 * planned (in all, per type, distinct: `planned-events.ts`, a replay's from `replay-file.ts`) and,
 * live, whether the k6 instances pre-generate (`pregeneration.ts`). Pure: the one file it may read
 * (a replay's) comes through `readText`; nothing runs, nothing is written.
 */
import { parseDuration } from '../generator/duration.js';
import { SimError } from '../generator/errors.js';
import { resolveOptions } from '../generator/simulation/options.js';
import {
  K6_METRICS,
  type LoadConfig,
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
import { countPlanned, type PlannedRate } from './planned-events.js';
import { choosePregenerate, pregeneratedTeams } from './pregeneration.js';
import { readEventsFile } from './replay-file.js';
import { checkScale } from './scale.js';

/** The flags of `vcc-sim load` a plan reads (as yargs gives them, camel-cased). */
export interface LoadFlags extends SimulationFlags {
  /** A replay's NDJSON file, as given (read through `readText`). */
  events?: string | undefined;
  /** `--scale N`: the replay N times over, each copy with fresh ids. */
  scale?: number | undefined;
  target?: string | undefined;
  speed?: number | undefined;
  pregenerate?: boolean | undefined;
  /** `--live-feed` / `--no-live-feed`; undefined: fed where it can be (a local live run). */
  liveFeed?: boolean | undefined;
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
  /**
   * Live, simulated while firing on local k6 instances: `vcc-sim load` simulates the teams itself
   * and feeds each VU its team's sends (`LoadConfig.feed`, set once the feed listens).
   */
  liveFeed?: boolean;
  /** Replay: the file's text (the k6-operator's ConfigMap carries it). */
  events?: string;
  /**
   * Replay: the text k6 fires is not the file's (a capture or a JSON array made NDJSON, or
   * `--scale` copies): a local run writes it to a file of its own for k6.
   */
  converted?: boolean;
  /** Replay: what reading the file says on stderr (a capture's summary and warnings). */
  notes?: string[];
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
  /** `--parallelism`; unset: 4, or the teams there are when fewer. */
  parallelism: number | undefined;
  vus: number | undefined;
  speed: number;
  maxDuration: string;
  target: string | undefined;
  /** What live and replay configurations share. */
  base: Omit<LoadConfig, 'mode' | 'vus' | 'types'>;
}

function checkFlags(flags: LoadFlags, scenario: Scenario): CheckedFlags {
  const segments = wholeNumber(flags.segments, 'segments', 1, 64) ?? 1;
  const parallelism = wholeNumber(flags.parallelism, 'parallelism', 1, 1000);
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
  if (flags.liveFeed && flags.events !== undefined)
    throw usage('--live-feed applies to live mode: drop it, a replay fires its file as is.');
  if (flags.liveFeed && flags.k6Operator !== undefined)
    throw usage(
      "--live-feed feeds local k6 instances from this process: drop it with --k6-operator (the cluster's runners simulate their teams themselves).",
    );
  if (flags.liveFeed && flags.pregenerate)
    throw usage('--live-feed simulates while firing, --pregenerate before it: give one of them.');
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
  checkScale(flags.scale, flags.events);
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
  const scale = checkScale(flags.scale, path);
  const file = readEventsFile(path, io.readText(path), checked.speed, flags.rate, scale);
  const peak = flags.rate ?? Math.max(...(file.stages ?? []).map((x) => x.target));
  const config: LoadConfig = {
    ...checked.base,
    mode: 'replay',
    // Enough VUs for answers of up to half a second at the peak rate, none started mid-run.
    vus: checked.vus ?? Math.min(1000, Math.max(20, Math.ceil(peak / 2))),
    types: Object.keys(file.perType).sort(),
    events: path,
    count: file.count,
    ...(flags.rate !== undefined
      ? { rate: flags.rate }
      : { stages: capStages(file.stages as RateStage[], checked.maxDuration) }),
  };
  return {
    mode: 'replay',
    config,
    target: checked.target,
    segments: checked.segments,
    parallelism: checked.parallelism ?? 4,
    planned: file.count,
    plannedPerType: file.perType,
    rate: file.rate,
    distinct: file.distinct,
    events: file.text,
    converted: file.converted,
    notes: file.notes,
  };
}

/**
 * The stages cut at `maxDuration` (an arrival-rate executor has no maxDuration of its own): a
 * replay stops there, as a live run does.
 *
 * @example
 * capStages([{ target: 5, duration: '60s' }], '20s') // [{ target: 5, duration: '20s' }]
 */
export function capStages(stages: RateStage[], maxDuration: string): RateStage[] {
  let left = parseDuration(maxDuration) / 1000;
  const out: RateStage[] = [];
  for (const stage of stages) {
    if (left <= 0) break;
    const seconds = parseDuration(stage.duration) / 1000;
    out.push(seconds <= left ? stage : { ...stage, duration: `${left}s` });
    left -= seconds;
  }
  return out;
}

function planLive(flags: LoadFlags, scenario: Scenario, checked: CheckedFlags): LoadPlan {
  const simulation = simulationOptionsFromFlags(flags, scenario.simulation);
  const resolved = resolveOptions(simulation);
  const operator = flags.k6Operator !== undefined;
  const parallelism = checked.parallelism ?? Math.min(4, resolved.teams.length);
  const [split, flag] = operator ? [parallelism, 'parallelism'] : [checked.segments, 'segments'];
  if (split > resolved.teams.length)
    throw usage(
      `--${flag} ${split} is more than the ${resolved.teams.length} teams to split: give at most ${resolved.teams.length}, or more agents (--agents) or smaller teams (--team-size).`,
    );
  // With --pregenerate, counting stops at the first instance over the cap: a run too big to
  // pre-generate is refused in a fraction of the time counting it all would take.
  const counts = countPlanned(
    resolved,
    Number.POSITIVE_INFINITY,
    flags.pregenerate ? { instances: checked.segments, cap: PREGENERATE_MAX_EVENTS } : undefined,
  );
  if (counts.overCap) {
    const about = counts.overCap.estimated;
    throw usage(
      `--pregenerate would hold about ${about} events in one k6 instance, over the cap of ${PREGENERATE_MAX_EVENTS}: split the teams over more k6 instances (--segments ${Math.ceil((about * checked.segments) / PREGENERATE_MAX_EVENTS) + 1} or more), or drop --pregenerate to simulate live.`,
    );
  }
  const mostHeld = Math.max(
    ...pregeneratedTeams(resolved.teams, checked.segments).map((ts) =>
      ts.reduce((sum, t) => sum + (counts.perTeam.get(t) ?? 0), 0),
    ),
  );
  const chaos = scenario.delivery.chaos;
  if (chaos && flags.pregenerate)
    throw usage(
      `--pregenerate fires pre-built requests: drop it, the ${scenario.name} scenario's faults are drawn while firing.`,
    );
  if (chaos && flags.liveFeed)
    throw usage(
      `--live-feed fires requests built before their faults are drawn: drop it, the ${scenario.name} scenario's faults are drawn in k6 while it simulates.`,
    );
  const choice = choosePregenerate({
    flag: chaos ? false : flags.liveFeed ? false : flags.pregenerate,
    operator,
    planned: counts.planned,
    mostHeld,
    runSeconds: (resolved.endMs - resolved.startMs) / 1000 / checked.speed,
    instances: operator ? parallelism : checked.segments,
  });
  const config: LoadConfig = {
    ...checked.base,
    mode: 'live',
    // k6 has no Intl: a time zone's offsets go in computed.
    simulation: resolved.zoneOffsets
      ? { ...simulation, timeZoneOffsets: resolved.zoneOffsets }
      : simulation,
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
    parallelism,
    planned: counts.planned,
    plannedPerType: counts.perType,
    rate: counts.rate,
    // Every notification of a simulation has its own id.
    distinct: counts.planned,
    firing: choice.why,
    ...(!operator && !chaos && !choice.pregenerate && flags.liveFeed !== false
      ? { liveFeed: true }
      : {}),
  };
}
