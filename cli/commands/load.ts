import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { cannotConnect, connectError } from '../../check/index.js';
import { humanDuration } from '../../generator/duration.js';
import {
  type LoadConfig,
  type LoadTotals,
  PREGENERATE_AUTO_MAX_EVENTS,
  PREGENERATE_AUTO_RATE,
  PREGENERATE_MAX_EVENTS,
  summaryText,
} from '../../k6/index.js';
import { type ReceiverStats, type RunningReceiver, startReceiver } from '../../receiver/index.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../scenarios/index.js';
import { CliExit, EXIT } from '../cli-error.js';
import { jsonSummary } from '../json-summary.js';
import { locateK6 } from '../k6-binary.js';
import { type K6RequestError, requestErrorsText } from '../k6-log.js';
import {
  checkRunName,
  defaultRunName,
  RUNNER_IMAGE,
  writeOperatorManifests,
} from '../k6-operator.js';
import { type K6RunOptions, type K6RunResult, runK6 } from '../k6-run.js';
import { checkK6RunFlags, k6RunArgs } from '../k6-run-args.js';
import { type LiveFeed, startLiveFeed } from '../live-feed.js';
import {
  accountLoad,
  K6_ABORTED,
  K6_INTERRUPTED,
  type LoadAccounting,
  loadExit,
} from '../load-accounting.js';
import { type LoadPlan, planLoad, replayScenario } from '../load-plan.js';
import { info, logLevel, progressAllowed, warn } from '../log.js';
import { packageRoot } from '../package-root.js';
import { planLine } from '../planned-events.js';
import { formatReceiverStats } from '../report.js';
import { loadScenario } from '../scenario-file.js';
import { tempFolder } from '../temp-folder.js';
import { resolveSecret, SECRET_ENV, simulationFlags } from './shared-options.js';

/** The flags of what k6 writes and where it runs: report, outputs, summary, segments, operator. */
function outputFlags<T>(y: Argv<T>) {
  return y
    .option('report', {
      type: 'string',
      describe: "Write k6's HTML report (web dashboard export) to this file",
    })
    .option('out', {
      type: 'string',
      array: true,
      describe: "A k6 output, as k6 run --out takes it (repeat for more), e.g. 'json=run.json'",
    })
    .option('k6-summary', {
      type: 'boolean',
      default: false,
      describe: 'Let k6 print its own end-of-test summary too (on stderr, before ours)',
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
      describe: 'With --k6-operator: k6 runners on Kubernetes',
      defaultDescription: '4, or the teams (queues) to split when fewer',
    })
    .option('name', {
      type: 'string',
      describe: "With --k6-operator: the TestRun's name (and its ConfigMap's and Secret's)",
      defaultDescription: 'vcc-sim-<scenario or replay>-<UTC date-time>, unique per run',
    })
    .option('runner-image', {
      type: 'string',
      describe: "With --k6-operator: the runners' image",
      defaultDescription: RUNNER_IMAGE,
    })
    .option('receiver-status', {
      type: 'number',
      describe: 'Built-in receiver: answer every request with this status (to see thresholds fail)',
    })
    .option('receiver-fail-rate', {
      type: 'number',
      describe: 'Built-in receiver: share of requests answered 500 (0-1)',
    });
}

function builder(y: Argv) {
  const simulation = simulationFlags(y)
    .parserConfiguration({ 'populate--': true })
    .usage('$0 load [options] [-- k6 run flags]');
  return withExamples(
    outputFlags(thresholdFlags(signingFlags(runFlags(scenarioFlags(simulation))))),
  );
}

/** The scenario, which supplies the simulation; the simulation flags override it. */
function scenarioFlags<T>(y: Argv<T>) {
  const scenarios = "the scenario's";
  return y
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
      defaultDescription: `${DEFAULT_SCENARIO}; with --events, "replay" (failures, checks and pace thresholds)`,
      describe:
        'A scenario name ("vcc-sim scenarios" lists them) or file (.js, .mjs, .json): the simulated center, its speed and thresholds',
    });
}

/** What the run fires (live or a replay), where, how fast, with how many VUs and for how long. */
function runFlags<T>(y: Argv<T>) {
  return y
    .option('events', {
      type: 'string',
      describe:
        'Replay this file (NDJSON, JSON array, batch, or a capture from receive --record) instead of simulating live',
    })
    .option('scale', {
      type: 'number',
      describe:
        'With --events: N copies on its own timeline, each with fresh consistent ids (every id unique)',
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
    .option('live-feed', {
      type: 'boolean',
      describe:
        "Live, simulated while firing: simulate the teams in this process and feed each k6 VU its team's sends over a loopback WebSocket (k6 only fires them); --no-live-feed simulates in each k6 VU, as the k6-operator's runners do",
      defaultDescription: 'local runs that do not pre-generate, without chaos',
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
    });
}

/** How each request is signed, and the headers it carries. */
function signingFlags<T>(y: Argv<T>) {
  return y
    .option('secret', {
      type: 'string',
      describe: `Base64 subscription secret: sign every request with Vonage-Signature (visible in ps: prefer --secret-file or ${SECRET_ENV})`,
      defaultDescription: `$${SECRET_ENV} when set`,
    })
    .option('secret-file', {
      type: 'string',
      describe: 'Read the base64 subscription secret from this file (its first line)',
    })
    .conflicts('secret', 'secret-file')
    .option('signature-format', {
      choices: ['jwt', 'bearer'] as const,
      default: 'jwt' as const,
      describe: 'Send the bare JWT or "Bearer <jwt>"',
    })
    .option('header', {
      type: 'string',
      array: true,
      describe: "Extra request header 'Name: value' (repeat for more)",
    });
}

/** The k6 thresholds the run must meet, beyond the scenario's. */
function thresholdFlags<T>(y: Argv<T>) {
  return y.option('threshold', {
    type: 'string',
    array: true,
    describe: "Add a k6 threshold 'metric=expression', e.g. 'http_req_duration=p(95)<200'",
  });
}

function withExamples<T>(y: Argv<T>) {
  return y
    .example('$0 load', 'The smoke scenario through k6 against the built-in receiver')
    .example(
      '$0 load --scenario peak-hour --target http://127.0.0.1:8080/webhook --secret c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ== --report report.html',
      'Your receiver, signed, with an HTML report',
    )
    .example('$0 load --events day.ndjson --rate 200', 'Replay a file at 200 notifications/s')
    .example(
      '$0 load --scenario smoke -- --out json=run.json --tag env=dev',
      'Anything after -- goes to k6 run as it is',
    )
    .example('$0 load --scenario steady --segments 3', 'Three k6 instances share the teams')
    .example(
      '$0 load --scenario steady --target http://receiver.svc/webhook --k6-operator k8s --parallelism 4',
      'Manifests for the k6-operator',
    );
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

/** The summary `--json` prints. */
export interface LoadReport {
  scenario: string;
  mode: 'live' | 'replay';
  /** A replay: the events file, as given (`fire --json` names it so too). */
  events?: string;
  /** Live: whether the instances simulated their teams before the run (`--pregenerate`). */
  pregenerated?: boolean;
  /** Live: whether this process simulated the teams and fed them to k6 (`--live-feed`). */
  liveFeed?: boolean;
  target: string;
  k6: { path: string; version: string; exitCodes: number[] };
  planned: number;
  plannedPerType: Record<string, number>;
  /** The planned events' busiest second in simulated time: how many were sent in it, and when. */
  plannedPeakPerSecond: number;
  plannedPeakAt: string | null;
  /** Seconds that reach the peak. */
  plannedPeakSeconds: number;
  /** Planned events per second over their span, simulated time. */
  plannedMeanPerSecond: number;
  totals: LoadTotals | undefined;
  receiver?: ReceiverStats;
  accounting: LoadAccounting;
  reports: string[];
  /** k6's "Request Failed" warnings, counted per error (they are not printed one by one). */
  requestErrors: K6RequestError[];
  /** Stopped by a signal (Ctrl-C, SIGTERM), as `fire`'s `summary.stopped`. */
  stopped: boolean;
  exitCode: number;
}

/**
 * The size from which `load --events` says it is reading the file: 8 MiB, some 16,000 events,
 * a read and plan of a few tenths of a second; below it the command starts at once.
 */
const READING_NOTICE_BYTES = 8 * 1024 * 1024;

async function handler(argv: Args): Promise<void> {
  const k6Args = k6RunArgs(argv.out, (argv as { '--'?: unknown[] })['--']?.map(String));
  checkFiles(argv);
  const named = await loadScenario(argv.scenario);
  // A replay without --scenario is a replay: named so, with a replay's thresholds.
  const scenario =
    argv.events !== undefined && argv.scenario === undefined ? replayScenario(named) : named;
  if (argv.k6Operator === undefined && (argv.name !== undefined || argv.runnerImage !== undefined))
    throw new CliExit(
      2,
      "--name and --runner-image name the k6-operator's TestRun: give --k6-operator DIR too.",
    );
  const runName =
    argv.name !== undefined ? checkRunName(argv.name) : defaultRunName(scenario.name, new Date());
  const secret = resolveSecret(argv);
  // The flags passed on to k6 (--out, after --) checked by k6's own parser, before the plan.
  if (argv.k6Operator === undefined && k6Args.length > 0) checkK6RunFlags(locateK6().path, k6Args);
  // Heard from here until k6 runs (the plan, an events file read through, the file k6 opens
  // written, the receiver started): a signal then ends the command with its summary, nothing
  // fired and nothing left behind, instead of killing it; no k6 starts after it.
  const early = signalsBeforeK6();
  try {
    const plan = planLoad(
      { ...argv, secret, events: argv.events !== undefined ? resolve(argv.events) : undefined },
      scenario,
      {
        // Said once the flags are checked (a bad one is the only line), and only for a file
        // whose read is noticeable: a small one read fine or not says nothing more.
        readText: (path) => {
          if (statSync(path).size >= READING_NOTICE_BYTES)
            info(`vcc-sim load: reading ${argv.events} (every event, before k6 starts)`);
          return readFileSync(path, 'utf8');
        },
      },
    );
    const stopped = await early.heard();
    if (stopped) return stoppedBeforeK6(argv, scenario, plan, stopped);
    for (const note of plan.notes ?? []) (note.includes('warning:') ? warn : info)(note);
    const run: LoadRun = {
      scenario,
      plan,
      script: join(packageRoot(), 'dist', 'k6', `${plan.mode}.js`),
      planText: planLine(
        plan.planned,
        plan.rate,
        plan.config.rate !== undefined ? { rate: plan.config.rate } : { speed: plan.config.speed },
      ),
      k6Args,
      events: argv.events,
    };
    if (argv.k6Operator !== undefined) operatorRun(argv, argv.k6Operator, runName, run);
    else await localRun(argv, secret, run, early);
  } finally {
    early.off();
  }
}

/**
 * SIGINT and SIGTERM before k6 runs: the first is kept (a signal during synchronous work, a plan
 * or a file written, is heard once the event loop polls again: `heard()` lets it poll).
 */
function signalsBeforeK6(): { heard: () => Promise<string | undefined>; off: () => void } {
  let signal: string | undefined;
  const on = (s: NodeJS.Signals) => {
    signal ??= s;
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    // One setImmediate turn is not enough for a pending signal; a short timer waits in the poll
    // phase.
    heard: () => new Promise((r) => setTimeout(() => r(signal), 10)),
    off: () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}

/** Stopped before k6 started: the plan, every event not fired, exit 130. */
function stoppedBeforeK6(argv: Args, scenario: Scenario, plan: LoadPlan, signal: string): void {
  const why = `stopped by ${signal} before k6 started: 0 of ${plan.planned} events fired`;
  if (argv.json)
    process.stdout.write(
      jsonSummary('load', EXIT.stopped, {
        scenario: scenario.name,
        mode: plan.mode,
        planned: plan.planned,
        plannedPerType: plan.plannedPerType,
        totals: undefined,
        accounting: { notFired: plan.planned, ok: false, problems: [why] },
        stopped: true,
      }),
    );
  throw new CliExit(EXIT.stopped, why);
}

/** A planned load run, ready to start locally or to write as manifests. */
interface LoadRun {
  scenario: Scenario;
  plan: LoadPlan;
  /** The k6 entry script (`dist/k6/live.js` or `replay.js`). */
  script: string;
  /** The plan's stderr line. */
  planText: string;
  /** What is passed on to `k6 run`. */
  k6Args: string[];
  /** `--events` as given (a replay). */
  events?: string | undefined;
}

/**
 * `--k6-operator DIR`: the manifests, nothing run. What shapes a local k6 run is not in the
 * manifests: refused, not silently dropped.
 */
function operatorRun(argv: Args, dir: string, name: string, run: LoadRun): void {
  checkOperatorFlags(dir, argv.runnerImage);
  const local = [
    ...(run.k6Args.length > 0 ? ['--out or k6 flags after --'] : []),
    ...(argv.report !== undefined ? ['--report'] : []),
    ...(argv.k6Summary ? ['--k6-summary'] : []),
    ...(argv.json ? ['--json'] : []),
  ];
  if (local.length > 0)
    throw new CliExit(
      2,
      `${local.join(', ')} shape a local run; the k6-operator's runners take none of them: drop ${local.length === 1 ? 'it' : 'them'} with --k6-operator.`,
    );
  info(run.planText);
  writeManifests(resolve(dir), {
    name,
    scenario: run.scenario.name,
    script: run.script,
    plan: run.plan,
    runnerImage: argv.runnerImage,
  });
}

/**
 * A local run: k6 (on `--segments` instances) against the target or the built-in receiver, then
 * every planned event accounted for, the summary printed, and the exit code.
 */
async function localRun(
  argv: Args,
  secret: string | undefined,
  run: LoadRun,
  early: ReturnType<typeof signalsBeforeK6>,
): Promise<void> {
  const { scenario, plan } = run;
  const k6 = locateK6();
  if (plan.target !== undefined) {
    // A target nobody answers at is a wrong URL or a receiver not started: said before the run.
    const refused = await connectError(plan.target, 3000);
    if (refused)
      warn(
        `vcc-sim load: warning: ${cannotConnect(plan.target, refused)} k6 fires at it anyway; every request will fail (Ctrl-C to stop)`,
      );
  }
  const { config } = plan;
  // Started first: a feed that cannot start leaves nothing else behind.
  const feed = plan.liveFeed ? await liveFeedFor(config) : undefined;
  if (feed) config.feed = feed.url;
  let receiver: RunningReceiver | undefined;
  try {
    receiver = plan.target === undefined ? await builtInReceiver(argv, secret) : undefined;
  } catch (err) {
    await feed?.close();
    throw err;
  }
  if (receiver) config.target = receiver.url;
  // A capture or array made NDJSON (or scaled copies): k6 opens a file of its own, removed after.
  if (plan.converted && plan.events !== undefined && plan.events.length >= READING_NOTICE_BYTES)
    info(`vcc-sim load: writing the ${plan.planned} events for k6 to read (before k6 starts)`);
  const fired = plan.converted && plan.events !== undefined ? firedFile(plan.events) : undefined;
  if (fired) config.events = fired.path;
  // A signal since the plan: nothing started is left behind, and k6 does not start.
  const stopped = await early.heard();
  if (stopped) {
    fired?.remove();
    await feed?.close();
    await receiver?.close();
    return stoppedBeforeK6(argv, scenario, plan, stopped);
  }
  if (plan.mode === 'live') config.runStartMs = Date.now();
  info(
    `vcc-sim load: ${scenario.name} (${plan.mode}${plan.firing !== undefined ? `, ${plan.firing}` : ''}, ${plan.planned} events planned) through k6 v${k6.version} at ${config.target}` +
      `${plan.segments > 1 ? ` on ${plan.segments} k6 instances` : ''}\n${run.planText}` +
      (config.pregenerate
        ? `pre-generating first, in k6's init: --max-duration ${config.maxDuration} counts from when firing starts, after it\n`
        : '') +
      (feed ? `simulating here, each team fed to its k6 VU over ${feed.url}\n` : ''),
  );
  const progress = receiver ? loadProgress(receiver, plan.planned) : undefined;
  const running = runK6UntilDone(
    {
      k6: k6.path,
      script: run.script,
      config,
      segments: plan.segments,
      ...(argv.report !== undefined ? { report: resolve(argv.report) } : {}),
      progress: progressAllowed() && !argv.json,
      k6Args: run.k6Args,
      k6Summary: argv.k6Summary,
    },
    receiver,
  ).finally(async () => {
    fired?.remove();
    if (progress) clearInterval(progress);
    const failure = feed?.failure();
    await feed?.close();
    if (failure) warn(`vcc-sim load: the live feed stopped: ${failure}`);
  });
  // runK6UntilDone hears the signals from here (its handlers are on before k6 is spawned).
  early.off();
  const result = await running;
  const feedFailure = feed?.failure();
  const received = receiver?.stats();
  const accounting = accountLoad({
    mode: plan.mode,
    planned: plan.planned,
    distinct: plan.distinct,
    maxDuration: config.maxDuration,
    missing: result.missing,
    totals: result.totals,
    received,
    stopped: result.stoppedBy,
    aborted:
      feedFailure !== undefined ? `the live feed failed: ${feedFailure}` : abortedBy(result.codes),
  });
  const { exitCode, why } = loadExit(
    result.codes,
    accounting,
    result.stoppedBy,
    result.missing,
    feedFailure,
  );
  const report = loadReport(run, k6, result, received, accounting, exitCode);
  report.stopped = result.stoppedBy !== undefined;
  if (argv.json) process.stdout.write(jsonSummary('load', exitCode, report));
  else process.stdout.write(formatLoad(report));
  if (exitCode !== 0) throw new CliExit(exitCode, why);
}

/** How often `load` says how far the run has got, ms. */
const LOAD_PROGRESS_MS = 10_000;

/**
 * A line every 10 s from the built-in receiver's counts (k6's own bar counts teams or stages, not
 * events, and is off when stderr is not a terminal); none with `--quiet`.
 */
function loadProgress(
  receiver: RunningReceiver,
  planned: number,
): ReturnType<typeof setInterval> | undefined {
  if (logLevel() === 'quiet') return undefined;
  const started = performance.now();
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  const timer = setInterval(() => {
    const s = receiver.stats();
    const accepted = Object.entries(s.statuses)
      .filter(([status]) => status.startsWith('2'))
      .reduce((n, [, c]) => n + c, 0);
    process.stderr.write(
      `vcc-sim load: ${fmt(s.requests)} of ${fmt(planned)} planned events received (${fmt((s.requests / Math.max(1, planned)) * 100)}%), ${fmt(accepted)} accepted; ${humanDuration(performance.now() - started)}\n`,
    );
  }, LOAD_PROGRESS_MS);
  timer.unref();
  return timer;
}

/** The NDJSON a replay fires, in a temporary file for k6 to open. */
function firedFile(text: string): { path: string; remove: () => void } {
  const { dir, remove } = tempFolder('vcc-sim-replay-');
  const path = join(dir, 'events.ndjson');
  writeFileSync(path, text);
  return { path, remove };
}

/** What a local run did, as `--json` prints it (and the text summary reads). */
function loadReport(
  { scenario, plan, events }: LoadRun,
  k6: { path: string; version: string },
  result: K6RunResult,
  received: ReceiverStats | undefined,
  accounting: LoadAccounting,
  exitCode: number,
): LoadReport {
  const { config } = plan;
  return {
    scenario: scenario.name,
    mode: plan.mode,
    // The file replayed, as fire's --json names it.
    ...(events !== undefined ? { events } : {}),
    ...(plan.mode === 'live'
      ? { pregenerated: config.pregenerate === true, liveFeed: config.feed !== undefined }
      : {}),
    target: config.target,
    k6: { path: k6.path, version: k6.version, exitCodes: result.codes },
    planned: plan.planned,
    plannedPerType: plan.plannedPerType,
    plannedPeakPerSecond: plan.rate.peakPerSecond,
    plannedPeakAt: plan.rate.peakAt,
    plannedPeakSeconds: plan.rate.peakSeconds,
    plannedMeanPerSecond: plan.rate.meanPerSecond,
    totals: result.totals,
    ...(received ? { receiver: received } : {}),
    accounting,
    reports: result.reports,
    requestErrors: result.requestErrors,
    stopped: false,
    exitCode,
  };
}

/** `--k6-operator DIR` must be a folder (or not exist yet); `--runner-image` an image reference. */
function checkOperatorFlags(dir: string, image: string | undefined): void {
  const stat = statSync(resolve(dir), { throwIfNoEntry: false });
  if (stat && !stat.isDirectory())
    throw new CliExit(
      2,
      `--k6-operator ${JSON.stringify(dir)}: not a folder; give a folder for the manifests (made if missing).`,
    );
  if (image !== undefined && !/^[a-z0-9][\w.\-/:@]*$/.test(image))
    throw new CliExit(
      2,
      `--runner-image ${JSON.stringify(image)}: not an image reference; give e.g. grafana/k6:2.2.0 or registry.example.com/k6:2.2.0.`,
    );
}

/** Up-front checks of the files a run reads and writes: a usage error (exit 2) before k6 starts. */
function checkFiles(argv: Args): void {
  if (argv.events !== undefined) {
    const path = resolve(argv.events);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) throw new CliExit(2, `Cannot read --events "${argv.events}": no such file.`);
    if (!stat.isFile())
      throw new CliExit(
        2,
        `Cannot read --events "${argv.events}": not a file; give an NDJSON file (vcc-sim generate --out FILE).`,
      );
    try {
      accessSync(path, constants.R_OK);
    } catch {
      throw new CliExit(2, `Cannot read --events "${argv.events}": permission denied.`);
    }
  }
  for (const [flag, file] of [['--report', argv.report] as const])
    if (file !== undefined) {
      const path = resolve(file);
      const dir = dirname(path);
      const stat = statSync(dir, { throwIfNoEntry: false });
      if (!stat?.isDirectory())
        throw new CliExit(2, `Cannot write ${flag} "${file}": no folder ${dir}; create it first.`);
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory())
        throw new CliExit(2, `Cannot write ${flag} "${file}": it is a folder; name a file.`);
      try {
        accessSync(dir, constants.W_OK);
      } catch {
        throw new CliExit(2, `Cannot write ${flag} "${file}": the folder ${dir} is not writable.`);
      }
    }
}

/** `--k6-operator DIR`: the Secret, ConfigMap and TestRun for the plan, and how to apply them. */
function writeManifests(
  dir: string,
  run: {
    name: string;
    scenario: string;
    script: string;
    plan: LoadPlan;
    runnerImage?: string | undefined;
  },
): void {
  const { plan } = run;
  const m = writeOperatorManifests(dir, {
    name: run.name,
    scenario: run.scenario,
    script: readFileSync(run.script, 'utf8'),
    scriptFile: `${plan.mode}.js`,
    config: plan.config,
    parallelism: plan.parallelism,
    ...(plan.events !== undefined ? { events: plan.events } : {}),
    ...(run.runnerImage !== undefined ? { runnerImage: run.runnerImage } : {}),
  });
  const files = Object.keys(m.files);
  process.stdout.write(
    `wrote ${files.map((f) => join(dir, f)).join(', ')} (TestRun ${m.name}, parallelism ${plan.parallelism})\n` +
      (m.apply.some((c) => c.includes('--server-side'))
        ? `  the ConfigMap is over 256 KiB: client-side kubectl apply cannot store it, so it is applied server-side\n`
        : '') +
      `  cd ${dir} && ${m.apply.join(' && ')}\n` +
      `  kubectl get testruns ${m.name} -w; kubectl logs -l k6_cr=${m.name} --tail=-1\n`,
  );
}

/** k6 aborted the run (`exec.test.abort`: a live feed that failed): said, else undefined. */
function abortedBy(codes: readonly number[]): string | undefined {
  return codes.includes(K6_ABORTED)
    ? `k6 aborted the run (exit ${K6_ABORTED}): its output above says why`
    : undefined;
}

/** The live feed for a live run's teams (`cli/live-feed.ts`), listening. */
async function liveFeedFor(config: LoadConfig): Promise<LiveFeed> {
  try {
    return await startLiveFeed(config.simulation ?? {}, config.teams ?? []);
  } catch (err) {
    throw new CliExit(
      EXIT.failed,
      `the live feed did not start (${err instanceof Error ? err.message : String(err)}): --no-live-feed simulates in k6 instead.`,
    );
  }
}

/** The built-in receiver on a free loopback port, with the faults the flags ask for. */
function builtInReceiver(argv: Args, secret: string | undefined): Promise<RunningReceiver> {
  return startReceiver({
    host: '127.0.0.1',
    port: 0,
    ...(secret !== undefined ? { secret } : {}),
    faults: {
      ...(argv.receiverStatus !== undefined ? { status: argv.receiverStatus } : {}),
      ...(argv.receiverFailRate !== undefined ? { failRate: argv.receiverFailRate } : {}),
    },
  });
}

/**
 * Runs k6 to its end, then closes the built-in receiver. A first SIGINT or SIGTERM (Ctrl-C, `kill`,
 * `docker stop`, a CI cancel) is handed to every k6 instance as SIGINT: k6 stops starting
 * iterations, ends the running ones, evaluates the thresholds and writes its summary, and we
 * report what was fired and what was not (k6 exits 105, the command 130). A second signal kills
 * k6 and ends the command at once, 130.
 */
async function runK6UntilDone(
  options: K6RunOptions,
  receiver: RunningReceiver | undefined,
): Promise<K6RunResult & { stoppedBy?: string }> {
  const children: ChildProcess[] = [];
  let signals = 0;
  let stoppedBy: string | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    stoppedBy ??= signal;
    const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
    if (signals === 1) {
      process.stderr.write(
        `vcc-sim load: ${signal}: stopping k6 gracefully (running iterations end, thresholds are evaluated); a second signal kills it\n`,
      );
      for (const c of running) c.kill('SIGINT');
      return;
    }
    process.stderr.write(`vcc-sim load: ${signal} again: k6 killed, no summary\n`);
    for (const c of running) c.kill('SIGKILL');
    process.exit(EXIT.stopped);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await runK6({ ...options, onSpawn: (c) => children.push(c) });
    // Stopped by us: the run ended because of the signal, whatever each k6 made of it.
    return signals > 0
      ? { ...result, codes: result.codes.map(() => K6_INTERRUPTED), stoppedBy }
      : result;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await receiver?.close();
  }
}

function formatLoad(r: LoadReport): string {
  let out = r.totals ? summaryText(r.totals) : 'k6 wrote no summary\n';
  out += requestErrorsText(r.requestErrors);
  if (r.receiver) {
    out += formatReceiverStats(r.receiver);
    out += `  fired ${r.totals?.sent ?? 0}, received ${r.receiver.requests} requests, accepted ${r.accounting.accepted} (answered 2xx), ${r.receiver.unique} unique events, ${r.receiver.pairsComplete} pairs complete\n`;
  }
  out += r.accounting.ok
    ? `accounted for: all ${r.planned} planned events fired${r.receiver ? ', received' : ''} and accepted\n`
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
