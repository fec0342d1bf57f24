import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { SimError } from '../../generator/errors.js';
import { resolveOptions } from '../../generator/options.js';
import { simulate } from '../../generator/simulate.js';
import { parseUtc } from '../../generator/time-format.js';
import type { LoadConfig, RateStage } from '../../k6/load-config.js';
import {
  lineType,
  PREGENERATE_AUTO_MAX_EVENTS,
  PREGENERATE_AUTO_RATE,
  PREGENERATE_MAX_EVENTS,
  SAMPLE_TAGS,
} from '../../k6/load-config.js';
import { type LoadTotals, summaryText } from '../../k6/summary.js';
import {
  type ReceiverStats,
  type RunningReceiver,
  startReceiver,
} from '../../receiver/receiver.js';
import { DEFAULT_SCENARIO } from '../../scenarios/catalog.js';
import { secretKey } from '../../wire/index.js';
import { CliExit, EXIT } from '../cli-error.js';
import { locateK6 } from '../k6-binary.js';
import { writeOperatorManifests } from '../k6-operator.js';
import { choosePregenerate, pregeneratedTeams, runK6 } from '../k6-run.js';
import { packageRoot } from '../package-root.js';
import { formatReceiverStats } from '../report.js';
import { loadScenario } from '../scenario-file.js';
import { parseHeaders, simulationFlags, simulationOptionsFromFlags } from './shared-options.js';

function builder(y: Argv) {
  const scenarios = "the scenario's";
  // The scenario supplies the simulation; the simulation flags override it.
  return simulationFlags(y)
    .option('agents', {
      type: 'number',
      describe: 'Agents taking calls',
      defaultDescription: scenarios,
    })
    .option('start', {
      type: 'string',
      describe: 'Window start, ISO 8601 UTC',
      defaultDescription: scenarios,
    })
    .option('duration', {
      type: 'string',
      describe: 'Simulated window length, e.g. 8h, 30m, 7d',
      defaultDescription: scenarios,
    })
    .option('seed', {
      type: 'string',
      describe: 'Seed of the simulation',
      defaultDescription: scenarios,
    })
    .option('types', {
      type: 'string',
      array: true,
      describe: 'Subscribed event types: names and wildcards, space- or comma-separated',
      defaultDescription: scenarios,
    })
    .option('team-size', {
      type: 'number',
      describe: 'Agents per team',
      defaultDescription: scenarios,
    })
    .option('scenario', {
      type: 'string',
      default: DEFAULT_SCENARIO,
      describe:
        'A scenario name ("vcc-sim scenarios" lists them) or file (.js, .mjs, .json): the simulated center, its speed and thresholds',
    })
    .option('events', {
      type: 'string',
      describe: 'Replay this NDJSON file (generated or captured) instead of simulating live',
    })
    .option('target', {
      type: 'string',
      describe: 'Receiver URL; without it the built-in receiver on 127.0.0.1 is the target',
    })
    .option('speed', { type: 'number', describe: 'Simulated time runs this many times faster' })
    .option('pregenerate', {
      type: 'boolean',
      describe: `Live: each k6 instance simulates its teams once before the run (k6's init) and only fires them during it: more requests/s, memory grows with the events (at most ${PREGENERATE_MAX_EVENTS.toLocaleString('en')} per instance); --no-pregenerate simulates while firing`,
      defaultDescription: `when each instance is asked for >= ${PREGENERATE_AUTO_RATE.toLocaleString('en')} events/s and holds <= ${PREGENERATE_AUTO_MAX_EVENTS.toLocaleString('en')}`,
    })
    .option('rate', {
      type: 'number',
      describe: 'Replay: a constant rate, notifications per second (default: follow the file)',
    })
    .option('vus', {
      type: 'number',
      describe: 'k6 VUs (live: at most one per team; replay: pre-allocated VUs)',
      defaultDescription: 'live: one per team; replay: half the peak rate, at least 20',
    })
    .option('max-duration', {
      type: 'string',
      describe: "Stop the k6 run after this long (real time), e.g. 2m; default: the scenario's",
    })
    .option('secret', {
      type: 'string',
      describe: 'Base64 subscription secret: sign every request with Vonage-Signature',
    })
    .option('signature-format', {
      choices: ['jwt', 'bearer'] as const,
      default: 'jwt' as const,
      describe: 'Send the bare JWT or "Bearer <jwt>"',
    })
    .option('header', {
      type: 'string',
      array: true,
      describe: "Extra request header 'Name: value' (repeat for more)",
    })
    .option('threshold', {
      type: 'string',
      array: true,
      describe: "Add a k6 threshold 'metric=expression', e.g. 'http_req_duration=p(95)<200'",
    })
    .option('report', {
      type: 'string',
      describe: "Write k6's HTML report (web dashboard export) to this file",
    })
    .option('json', { type: 'boolean', default: false, describe: 'Print the summary as JSON' })
    .option('segments', {
      type: 'number',
      default: 1,
      describe: 'Run N local k6 instances, each on its own execution segment',
    })
    .option('k6-operator', {
      type: 'string',
      describe: 'Write k6-operator manifests (TestRun + ConfigMap) into this folder, run nothing',
    })
    .option('parallelism', {
      type: 'number',
      default: 4,
      describe: 'With --k6-operator: k6 runners on Kubernetes',
    })
    .option('receiver-status', {
      type: 'number',
      describe: 'Built-in receiver: answer every request with this status (to see thresholds fail)',
    })
    .option('receiver-fail-rate', {
      type: 'number',
      describe: 'Built-in receiver: share of requests answered 500 (0-1)',
    })
    .example('$0 load', 'The smoke scenario through k6 against the built-in receiver')
    .example(
      '$0 load --scenario peak-hour --target http://127.0.0.1:8080/webhook --secret c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ== --report report.html',
      'Your receiver, signed, with an HTML report',
    )
    .example('$0 load --events day.ndjson --rate 200', 'Replay a file at 200 notifications/s')
    .example('$0 load --scenario steady --segments 3', 'Three k6 instances share the teams')
    .example(
      '$0 load --scenario steady --target http://receiver.svc/webhook --k6-operator k8s --parallelism 4',
      'Manifests for the k6-operator',
    );
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

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
  return out;
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

/** A replay file: its lines, types and the stages that follow its timeline. */
function readEvents(path: string, speed: number, rate: number | undefined) {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw usage(`The events file "${path}" holds no events.`);
  const types = new Set<string>();
  const ids = new Set<string>();
  const times: number[] = [];
  lines.forEach((line, i) => {
    let event: { type?: unknown; time?: unknown };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      throw usage(`${path}:${i + 1}: not JSON; give NDJSON, one event a line (vcc-sim generate).`);
    }
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string')
      throw usage(`${path}:${i + 1}: not a CloudEvent (no "type"); give one event a line.`);
    types.add(lineType(line));
    ids.add(
      `${String((event as { source?: unknown }).source)} ${String((event as { id?: unknown }).id)}`,
    );
    const t = typeof event.time === 'string' ? parseUtc(event.time) : undefined;
    if (!rate && !t)
      throw usage(
        `${path}:${i + 1}: no valid "time", so the file's timeline cannot be followed; give --rate.`,
      );
    if (t) times.push(t.ms);
  });
  return {
    text,
    count: lines.length,
    distinct: ids.size,
    types: [...types].sort(),
    stages: rate ? undefined : timelineStages(times, speed),
  };
}

/**
 * Ramping-arrival-rate stages that follow the events' send times, `speed` times faster: up to 120
 * buckets, each at its own rate, then a last stage that fires whatever the ramps left.
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

/** The summary `--json` prints. */
export interface LoadReport {
  scenario: string;
  mode: 'live' | 'replay';
  /** Live: whether the instances simulated their teams before the run (`--pregenerate`). */
  pregenerated?: boolean;
  target: string;
  k6: { path: string; version: string; exitCodes: number[] };
  planned: number;
  plannedPerType: Record<string, number>;
  totals: LoadTotals | undefined;
  receiver?: ReceiverStats;
  accounting: {
    notFired: number;
    lost: number;
    pairsPending: number;
    ok: boolean;
    problems: string[];
  };
  reports: string[];
  exitCode: number;
}

async function handler(argv: Args): Promise<void> {
  const scenario = await loadScenario(argv.scenario);
  const segments = wholeNumber(argv.segments, 'segments', 1, 64) ?? 1;
  const parallelism = wholeNumber(argv.parallelism, 'parallelism', 1, 1000) ?? 4;
  const vusFlag = wholeNumber(argv.vus, 'vus', 1, 100_000);
  const speed = argv.speed ?? scenario.speed;
  if (!(speed > 0 && speed <= 1e9)) throw usage(`Invalid --speed ${speed}: give a number above 0.`);
  if (argv.rate !== undefined && !(argv.rate > 0 && argv.rate <= 1e6))
    throw usage(`Invalid --rate ${argv.rate}: give notifications per second above 0.`);
  if (argv.rate !== undefined && argv.events === undefined)
    throw usage(
      '--rate paces a replay: give --events FILE too (live mode follows the simulation).',
    );
  const maxDuration = argv.maxDuration ?? scenario.load.maxDuration;
  if (!/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/.test(maxDuration) || /^0+[hms]?$/.test(maxDuration))
    throw usage(`Invalid --max-duration "${maxDuration}": give a k6 duration, e.g. 90s or 2m.`);
  if (argv.secret !== undefined) secretKey(argv.secret);
  const headers = parseHeaders(argv.header);
  const thresholds = parseThresholds(argv.threshold, scenario.thresholds);
  const target = argv.target !== undefined ? checkTarget(argv.target) : undefined;
  if (argv.k6Operator !== undefined && target === undefined)
    throw usage('--k6-operator needs --target: the URL of the receiver as the cluster reaches it.');
  if (
    target !== undefined &&
    (argv.receiverStatus !== undefined || argv.receiverFailRate !== undefined)
  )
    throw usage(
      '--receiver-status and --receiver-fail-rate apply to the built-in receiver: drop --target.',
    );

  if (argv.pregenerate && argv.events !== undefined)
    throw usage('--pregenerate applies to live mode: drop it, a replay fires its file as is.');
  if (argv.pregenerate && argv.k6Operator !== undefined)
    throw usage('--pregenerate runs local k6 instances (--segments): drop it with --k6-operator.');

  // What to fire.
  const mode: 'live' | 'replay' = argv.events !== undefined ? 'replay' : 'live';
  let config: LoadConfig;
  let planned = 0;
  /** Distinct (source, id) among the planned events: what a deduplicating receiver keeps. */
  let distinct = 0;
  const plannedPerType: Record<string, number> = {};
  let events: string | undefined;
  let howLive = '';
  const base = {
    target: target ?? 'http://127.0.0.1:0/webhook',
    scenario: scenario.name,
    speed,
    maxDuration,
    signatureFormat: argv.signatureFormat,
    headers,
    thresholds,
    ...(argv.secret !== undefined ? { secret: argv.secret.trim() } : {}),
  };
  if (mode === 'replay') {
    const path = resolve(argv.events as string);
    const file = readEvents(path, speed, argv.rate);
    events = file.text;
    planned = file.count;
    distinct = file.distinct;
    for (const line of file.text.split('\n'))
      if (line.trim() !== '')
        plannedPerType[lineType(line)] = (plannedPerType[lineType(line)] ?? 0) + 1;
    config = {
      ...base,
      mode,
      // Enough VUs for answers of up to half a second at the peak rate, none started mid-run.
      vus:
        vusFlag ??
        Math.min(
          1000,
          Math.max(
            20,
            Math.ceil((argv.rate ?? Math.max(...(file.stages ?? []).map((x) => x.target))) / 2),
          ),
        ),
      types: file.types,
      events: path,
      count: file.count,
      ...(argv.rate !== undefined ? { rate: argv.rate } : { stages: file.stages as RateStage[] }),
    };
  } else {
    const simulation = simulationOptionsFromFlags(argv, scenario.simulation);
    const resolved = resolveOptions(simulation);
    const [split, flag] =
      argv.k6Operator !== undefined ? [parallelism, 'parallelism'] : [segments, 'segments'];
    if (split > resolved.teams.length)
      throw usage(
        `--${flag} ${split} is more than the ${resolved.teams.length} teams to split: give at most ${resolved.teams.length}, or more agents (--agents) or smaller teams (--team-size).`,
      );
    const perTeam = new Map<number, number>();
    for (const { notification: n, team } of simulate(resolved).timed()) {
      planned++;
      distinct++;
      plannedPerType[n.type] = (plannedPerType[n.type] ?? 0) + 1;
      perTeam.set(team, (perTeam.get(team) ?? 0) + 1);
    }
    const mostHeld = Math.max(
      ...pregeneratedTeams(resolved.teams, segments).map((ts) =>
        ts.reduce((sum, t) => sum + (perTeam.get(t) ?? 0), 0),
      ),
    );
    if (argv.pregenerate && mostHeld > PREGENERATE_MAX_EVENTS)
      throw usage(
        `--pregenerate would hold ${mostHeld} events in one k6 instance, over the cap of ${PREGENERATE_MAX_EVENTS}: split the teams over more k6 instances (--segments ${Math.ceil(planned / PREGENERATE_MAX_EVENTS) + 1} or more), or drop --pregenerate to simulate live.`,
      );
    const choice = choosePregenerate({
      flag: argv.pregenerate,
      operator: argv.k6Operator !== undefined,
      planned,
      mostHeld,
      runSeconds: (resolved.endMs - resolved.startMs) / 1000 / speed,
      instances: argv.k6Operator !== undefined ? parallelism : segments,
    });
    howLive = `, ${choice.why}`;
    config = {
      ...base,
      mode,
      simulation,
      teams: resolved.teams,
      vus: Math.min(vusFlag ?? resolved.teams.length, resolved.teams.length),
      types: [...resolved.types].sort(),
      ...(choice.pregenerate ? { pregenerate: true } : {}),
    };
  }
  const script = join(packageRoot(), 'dist', 'k6', `${mode}.js`);

  if (argv.k6Operator !== undefined) {
    const dir = resolve(argv.k6Operator);
    const m = writeOperatorManifests(dir, {
      name: scenario.name,
      script: readFileSync(script, 'utf8'),
      scriptFile: `${mode}.js`,
      config,
      parallelism,
      ...(events !== undefined ? { events } : {}),
    });
    process.stdout.write(
      `wrote ${join(dir, 'configmap.yaml')} and ${join(dir, 'testrun.yaml')} (TestRun ${m.name}, parallelism ${parallelism})\n` +
        `  kubectl apply -f ${join(dir, 'configmap.yaml')} && kubectl apply -f ${join(dir, 'testrun.yaml')}\n` +
        `  kubectl get testruns ${m.name} -w; kubectl logs -l k6_cr=${m.name} --tail=-1\n`,
    );
    return;
  }

  const k6 = locateK6();
  let receiver: RunningReceiver | undefined;
  if (target === undefined) {
    receiver = await startReceiver({
      host: '127.0.0.1',
      port: 0,
      ...(argv.secret !== undefined ? { secret: argv.secret } : {}),
      faults: {
        ...(argv.receiverStatus !== undefined ? { status: argv.receiverStatus } : {}),
        ...(argv.receiverFailRate !== undefined ? { failRate: argv.receiverFailRate } : {}),
      },
    });
    config.target = receiver.url;
  }
  if (mode === 'live') config.runStartMs = Date.now();
  process.stderr.write(
    `vcc-sim load: ${scenario.name} (${mode}${howLive}, ${planned} events planned) through k6 v${k6.version} at ${config.target}` +
      `${segments > 1 ? ` on ${segments} k6 instances` : ''}\n`,
  );
  let result: Awaited<ReturnType<typeof runK6>>;
  // Ctrl-C reaches k6 too: it stops the test and writes its summary; we then report what was
  // fired and what was not, instead of dying before k6.
  const keepGoing = () =>
    process.stderr.write('vcc-sim load: stopping k6 (Ctrl-C again in k6 to abort)\n');
  process.on('SIGINT', keepGoing);
  process.on('SIGTERM', keepGoing);
  try {
    result = await runK6({
      k6: k6.path,
      script,
      config,
      segments,
      ...(argv.report !== undefined ? { report: resolve(argv.report) } : {}),
      progress: Boolean(process.stderr.isTTY) && !argv.json,
    });
  } finally {
    process.off('SIGINT', keepGoing);
    process.off('SIGTERM', keepGoing);
    await receiver?.close();
  }
  const received = receiver?.stats();
  const totals = result.totals;
  const problems: string[] = [];
  const sent = totals?.sent ?? 0;
  const notFired = planned - sent;
  if (result.missing > 0)
    problems.push(
      `${result.missing} k6 instance(s) ended without a summary (see k6's output above)`,
    );
  if (notFired !== 0)
    problems.push(
      notFired > 0
        ? `${notFired} of ${planned} events not fired (the run stopped early: it hit --max-duration ${maxDuration}, was interrupted, or dropped iterations)`
        : `${-notFired} events fired beyond the ${planned} planned`,
    );
  let lost = 0;
  let pairsPending = 0;
  if (received && totals) {
    lost = sent - received.requests;
    if (lost > 0) problems.push(`${lost} requests k6 sent never reached the receiver`);
    if (lost < 0)
      problems.push(
        `the receiver got ${-lost} requests more than k6 counted (requests cut off as the run stopped)`,
      );
    const ok2xx = Object.entries(totals.answers)
      .filter(([s]) => s.startsWith('2'))
      .reduce((n, [, c]) => n + c, 0);
    if (ok2xx === sent && notFired === 0) {
      pairsPending = received.pairsPending;
      // A replayed capture may hold redeliveries (the same id twice) and half pairs of its own.
      if (received.unique !== distinct)
        problems.push(
          `the receiver kept ${received.unique} unique events, not the ${distinct} distinct events k6 sent`,
        );
      if (pairsPending > 0 && mode === 'live')
        problems.push(`${pairsPending} hang-up pairs incomplete at the receiver`);
    }
  }
  const k6Code = pickExitCode(result.codes);
  const exitCode = k6Code !== 0 ? k6Code : problems.length > 0 ? EXIT.failed : EXIT.ok;
  const report: LoadReport = {
    scenario: scenario.name,
    mode,
    ...(mode === 'live' ? { pregenerated: config.pregenerate === true } : {}),
    target: config.target,
    k6: { path: k6.path, version: k6.version, exitCodes: result.codes },
    planned,
    plannedPerType,
    totals,
    ...(received ? { receiver: received } : {}),
    accounting: { notFired, lost, pairsPending, ok: problems.length === 0, problems },
    reports: result.reports,
    exitCode,
  };
  if (argv.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(formatLoad(report));
  if (exitCode !== 0) {
    const why =
      k6Code === 99
        ? 'k6: thresholds failed (exit 99)'
        : k6Code !== 0
          ? `k6 exited with ${k6Code}`
          : problems.join('; ');
    throw new CliExit(exitCode, why);
  }
}

/** One code for N instances: a threshold failure (99) wins, then any other failure. */
function pickExitCode(codes: readonly number[]): number {
  if (codes.includes(99)) return 99;
  return codes.find((c) => c !== 0) ?? 0;
}

function formatLoad(r: LoadReport): string {
  let out = r.totals ? summaryText(r.totals) : 'k6 wrote no summary\n';
  if (r.receiver) {
    out += formatReceiverStats(r.receiver);
    out += `  fired ${r.totals?.sent ?? 0}, received ${r.receiver.requests} requests, ${r.receiver.unique} unique events, ${r.receiver.pairsComplete} pairs complete\n`;
  }
  out += r.accounting.ok
    ? `accounted for: all ${r.planned} planned events fired${r.receiver ? ' and received' : ''}\n`
    : `NOT accounted for: ${r.accounting.problems.join('; ')}\n`;
  for (const f of r.reports) out += `report: ${f}\n`;
  return out;
}

/** `vcc-sim load`: fire a scenario through k6. */
export const loadCommand: CommandModule<object, Args> = {
  command: 'load',
  describe: 'Fire a scenario at a receiver through k6: thresholds, summary, HTML report, scale-out',
  builder: builder as never,
  handler,
};
