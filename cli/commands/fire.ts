import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { SimError } from '../../generator/errors.js';
import type { Notification } from '../../generator/notifications/notification.js';
import { checkNotification } from '../../generator/notifications/schema-validator.js';
import type { TimedNotification } from '../../generator/simulation/notification-emitter.js';
import { resolveOptions, type SimulationOptions } from '../../generator/simulation/options.js';
import { simulate } from '../../generator/simulation/simulate.js';
import { type ReceiverStats, type RunningReceiver, startReceiver } from '../../receiver/index.js';
import {
  DEFAULT_SCENARIO,
  getScenario,
  type Pace,
  type RetryPolicy,
  type Scenario,
} from '../../scenarios/index.js';
import {
  checkDeliverOptions,
  type DeliverOptions,
  type DeliveryMode,
  type DeliverySummary,
  deliver,
  type HandshakeResult,
  handshake,
} from '../../sender/index.js';
import { type SignatureFormat, secretKey } from '../../wire/index.js';
import { EXIT } from '../cli-error.js';
import { readEventBatches, readEvents } from '../events-file.js';
import { FireProgress } from '../fire-progress.js';
import { flagError } from '../flag-checks.js';
import { jsonSummary } from '../json-summary.js';
import { LedgerFile } from '../ledger-file.js';
import {
  type CheckedLedger,
  checkLedger,
  redeliveredEvents,
  uncounted,
} from '../ledger-redelivery.js';
import { info, logLevel, warn } from '../log.js';
import {
  countPlanned,
  FIRE_PEAK_MAX_EVENTS,
  type PlannedRate,
  planLine,
  SendRate,
} from '../planned-events.js';
import { formatDelivery, formatFaults, formatReceiverStats } from '../report.js';
import { checkScale, scaled } from '../scale.js';
import { loadScenario } from '../scenario-file.js';
import {
  parseHeaders,
  resolveSecret,
  secretFlags,
  simulationFlags,
  simulationOptionsFromFlags,
} from './shared-options.js';

/**
 * The simulation flags with the defaults that apply to `fire`: without flags it fires the default
 * scenario, whose settings win over the generator's defaults.
 */
function fireSimulationFlags(y: Argv) {
  const s = getScenario(DEFAULT_SCENARIO);
  const of = (v: unknown) =>
    `the scenario's (${s.name}: ${Array.isArray(v) ? v.join(' ') : String(v)})`;
  let flags = simulationFlags(y);
  for (const [flag, value] of Object.entries(s.simulation)) {
    const name = flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (['agents', 'start', 'duration', 'types', 'seed', 'team-size'].includes(name))
      flags = flags.option(name, { defaultDescription: of(value) });
  }
  return flags;
}

function builder(y: Argv) {
  const s = getScenario(DEFAULT_SCENARIO);
  const signed = secretFlags(fireSimulationFlags(y), 'sign every request (Vonage-Signature)');
  return withExamples(
    outputFlags(retryFlags(requestFlags(paceFlags(sourceFlags(signed), s), s), s)),
  );
}

/** What is fired and where: a scenario or an events file, to a target or the built-in receiver. */
function sourceFlags<T>(y: Argv<T>) {
  return y
    .option('scenario', {
      type: 'string',
      describe:
        'A scenario name ("vcc-sim scenarios" lists them) or a scenario file (.js, .mjs, .json)',
      defaultDescription: 'smoke',
    })
    .option('events', {
      type: 'string',
      describe:
        'Fire this stream (NDJSON, JSON array, batch, or a capture from receive --record) instead of simulating',
    })
    .option('scale', {
      type: 'number',
      describe:
        'With --events: N copies on its own timeline, each with fresh consistent ids (every id unique)',
    })
    .option('redeliver', {
      type: 'string',
      describe:
        "Fire again, as they were sent (same ids and times, signed anew), the events a run's --ledger did not deliver (gave-up, not-sent, rejected)",
    })
    .option('skip-rejected', {
      type: 'boolean',
      default: false,
      describe: 'With --redeliver: leave out the events a 4xx refused (rejected)',
    })
    .option('target', {
      type: 'string',
      describe: 'Webhook URL; without it the built-in receiver runs on a free loopback port',
    });
}

/** How fast: a speed, a rate cap or as fast as accepted, and the requests in flight at once. */
function paceFlags<T>(y: Argv<T>, s: Scenario) {
  return y
    .option('speed', {
      type: 'number',
      describe: 'Replay X times faster than real time',
      defaultDescription: `the scenario's (${s.name}: ${s.speed})`,
    })
    .option('rate', { type: 'number', describe: 'Cap requests per second' })
    .option('max', { type: 'boolean', describe: 'As fast as the target accepts' })
    .option('concurrency', {
      type: 'number',
      describe: 'Requests in flight at once',
      defaultDescription: `the scenario's (${s.name}: ${s.delivery.concurrency})`,
    })
    .conflicts('max', ['speed', 'rate']);
}

/** How each request looks: the content mode, headers, signature format, and the handshake first. */
function requestFlags<T>(y: Argv<T>, s: Scenario) {
  return y
    .option('mode', {
      choices: ['structured', 'binary', 'batch'] as const,
      describe: 'structured (as VCC sends), binary (ce-* headers) or batch',
      defaultDescription: `the scenario's (${s.name}: ${s.delivery.mode})`,
    })
    .option('header', {
      type: 'string',
      array: true,
      describe: "Extra header on every request, 'Name: value'",
    })
    .option('bearer', { type: 'string', describe: 'Send Authorization: Bearer TOKEN' })
    .option('signature-format', {
      choices: ['jwt', 'bearer'] as const,
      default: 'jwt' as SignatureFormat,
      describe: 'Vonage-Signature as the bare JWT or "Bearer <JWT>"',
    })
    .option('handshake', {
      type: 'boolean',
      default: false,
      describe: 'Run the CloudEvents webhook validation handshake first',
    })
    .option('origin', {
      type: 'string',
      default: 'vcc-event-sim',
      describe: 'WebHook-Request-Origin for --handshake',
    });
}

/** When an attempt fails and when an event or the run gives up. */
function retryFlags<T>(y: Argv<T>, s: Scenario) {
  return y
    .option('max-attempts', {
      type: 'number',
      describe: 'Give an event up after this many attempts',
    })
    .option('timeout', {
      type: 'number',
      describe:
        "An attempt's deadline, ms: no complete answer (connect, headers, body) within it is a failure",
      defaultDescription: `the scenario's (${s.name}: ${s.delivery.retry.timeoutMs})`,
    })
    .option('max-body', {
      type: 'number',
      describe: "The target's body limit in bytes, for chaos's oversized body",
      defaultDescription: '1048576 (1 MiB)',
    })
    .option('fail-fast', {
      type: 'boolean',
      default: false,
      describe: 'Stop (exit 1) when every attempt has failed for 3 s, instead of retrying on',
    });
}

/** What is written: progress lines, the ledger, the summary as JSON. */
function outputFlags<T>(y: Argv<T>) {
  return y
    .option('progress-interval', {
      type: 'number',
      default: 10,
      describe: 'Seconds between progress lines when stderr is not a terminal',
    })
    .option('ledger', {
      type: 'string',
      describe: 'Write one NDJSON line per event (and per chaos request) with its outcome',
    })
    .option('json', { type: 'boolean', default: false, describe: 'Print the summary as JSON' });
}

function withExamples<T>(y: Argv<T>) {
  return y
    .example(
      '$0 fire --scenario steady --speed 600',
      'A mid-size day against the built-in receiver, 600x real time',
    )
    .example(
      '$0 fire --target http://127.0.0.1:3000/vcc --secret-file secret.txt --ledger ledger.ndjson',
      'Your receiver, signed',
    )
    .example(
      '$0 fire --scenario chaos --target http://127.0.0.1:3000/vcc',
      'Does your receiver reject bad input?',
    )
    .example(
      '$0 fire --events day.ndjson --max --mode batch',
      'Replay a file as fast as it is accepted',
    )
    .example(
      '$0 fire --events capture.ndjson --scale 3 --speed 60',
      'A capture three times over, fresh ids for each copy',
    )
    .example(
      '$0 fire --redeliver ledger.ndjson --target http://127.0.0.1:3000/vcc --ledger again.ndjson',
      'Fire again what a run did not deliver (its --ledger), as it was sent',
    );
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

/** What the built-in receiver got, checked against what was delivered. */
interface ReceiverCheck {
  /** Delivered events the receiver does not have. */
  missing: number;
  pairsComplete: number;
  pairsPending: number;
  ok: boolean;
}

async function handler(argv: Args): Promise<void> {
  const scenario = await loadScenario(argv.scenario);
  const flags = checkFlags(argv, scenario);
  checkOptionsBeforeStart(argv, scenario, flags);
  const ledger = LedgerFile.open(argv.ledger);
  // Heard from here on: a signal while the file is checked or the receiver starts still ends in
  // a summary, every event accounted for.
  const controller = new AbortController();
  const stopListening = stopOnSignals(controller, ledger);
  const { file, source, unread, redelivery } = await openSource(
    argv,
    flags,
    controller.signal,
    () => {
      stopListening();
      ledger.close();
    },
  );
  const receiver =
    argv.target === undefined ? await startBuiltInReceiver(argv, flags.secret) : undefined;
  const target = receiver?.url ?? (argv.target as string);
  // Each delivered event is looked up in the receiver as its outcome comes (it was taken in just
  // before its answer, well inside the id window): no id is kept, memory stays flat.
  const missing = { count: 0 };
  const planned = plannedFigures(file, flags.simulation);
  const progress = new FireProgress({
    target,
    planned: planned?.planned,
    plannedSeconds: scheduleSeconds(planned, flags.pace),
    retryWindowSeconds: flags.retry.giveUpAfterMs / (flags.pace.speed ?? 600) / 1000,
    quiet: logLevel() === 'quiet',
    tty: Boolean(process.stderr.isTTY),
    everyMs: argv.progressInterval * 1000,
    failFast: argv.failFast,
    onFailFast: () => controller.abort(),
    write: (text) => process.stderr.write(text),
  });
  const options = deliverOptions(argv, scenario, flags, target, controller.signal, {
    onOutcome: (o, event) => {
      if (o.outcome === 'delivered' && receiver && !receiver.has(sourceOf(o.type), o.id))
        missing.count++;
      // What was not delivered keeps its event as sent: `--redeliver` fires it again from here.
      ledger.write(o.outcome === 'delivered' ? o : { ...o, event });
    },
    onProbe: (p) => ledger.write({ probe: p.fault, ...p, fault: undefined }),
    onProgress: progress.update,
  });
  let pace = flags.pace;
  let granted: HandshakeResult | undefined;
  let summary: DeliverySummary;
  try {
    if (!controller.signal.aborted) info(planText(planned, pace, redelivery, argv.skipRejected));
    if (argv.handshake)
      ({ granted, pace } = await handshakeFirst(target, argv, flags.headers, pace));
    // Retries wait in the run's simulated time, as VCC's schedule does at the replay speed.
    summary = await deliver(source, { ...options, pace, timeScale: pace.speed ?? 600 });
  } catch (err) {
    await receiver?.close();
    throw err;
  } finally {
    progress.done();
    stopListening();
    ledger.close();
  }
  const { received, check } = receiver ? await checkReceiver(receiver, missing.count, summary) : {};
  if (unread.error)
    warn(
      `vcc-sim fire: ${argv.events ?? argv.redeliver} changed while it was sent (${unread.error}); the events read were sent and are accounted for, the rest of the file was not read`,
    );
  const report: FireReport = {
    ...firedSource(argv, scenario, redelivery),
    target,
    ok: fireOk(summary, file, check),
    granted,
    summary,
    planned,
  };
  const exitCode =
    progress.failedFast || progress.targetDown
      ? EXIT.failed
      : summary.stopped
        ? EXIT.stopped
        : report.ok
          ? EXIT.ok
          : EXIT.failed;
  process.stdout.write(
    argv.json
      ? fireJson(report, exitCode, received, check)
      : fireText(report, receiver !== undefined, received, check),
  );
  process.exitCode = exitCode;
}

/**
 * What was fired, for the report: an events file, a ledger's events not delivered, or a scenario
 * (simulated while firing).
 */
function firedSource(
  argv: Args,
  scenario: Scenario,
  redelivery: CheckedLedger | undefined,
): Pick<FireReport, 'source' | 'scenario' | 'redelivery'> {
  if (argv.events !== undefined) return { source: `events ${argv.events}`, scenario: undefined };
  if (argv.redeliver === undefined || redelivery === undefined)
    return { source: `scenario ${scenario.name}`, scenario: scenario.name };
  const ledger = argv.redeliver;
  return {
    source: `redeliver ${ledger}`,
    scenario: undefined,
    redelivery: { ledger, checked: redelivery, skipRejected: argv.skipRejected },
  };
}

/** The plan line; a redelivery with nothing left to fire says so. */
function planText(
  planned: { planned: number; rate: PlannedRate } | undefined,
  pace: Pace,
  redelivery: CheckedLedger | undefined,
  skipRejected: boolean,
): string {
  if (redelivery?.fired !== 0) return planLine(planned?.planned, planned?.rate, pace);
  const skipped = skipRejected ? ' or rejected (--skip-rejected)' : '';
  return `plan: 0 events to fire again: the ledger's ${redelivery.events.toLocaleString('en')} were delivered${skipped}\n`;
}

/**
 * What is fired: an events file (checked through first, then read as it is sent; a signal while
 * it is checked ends the check, not the command) or the simulation. `undo` runs when the check
 * fails.
 */
async function openSource(
  argv: Args,
  flags: CheckedFlags,
  signal: AbortSignal,
  undo: () => void,
): Promise<{
  file: CheckedFile | undefined;
  source: AsyncIterable<Notification> | Iterable<TimedNotification>;
  unread: { error?: string };
  redelivery?: CheckedLedger;
}> {
  const unread: { error?: string } = {};
  try {
    if (argv.redeliver !== undefined) {
      const choice = { skipRejected: argv.skipRejected };
      const checked = await checkLedger(argv.redeliver, choice, signal);
      const file = { planned: checked.fired, rate: checked.rate, complete: checked.complete };
      // Stopped while checking: the run still reads the whole ledger (each event then not sent)
      // and counts it as it goes, so the summary accounts for every line.
      const counted = checked.complete ? undefined : uncounted(checked);
      const read = redeliveredEvents(argv.redeliver, choice, counted);
      return { file, source: readToTheEnd(read, unread), unread, redelivery: counted ?? checked };
    }
    const scale = checkScale(argv.scale, argv.events);
    if (argv.events === undefined)
      return { file: undefined, source: simulate(flags.simulation).timed(), unread };
    const file = await checkEventsFile(argv.events, signal, scale);
    // Read twice (checked, then sent): a capture's notes were printed by the check.
    const read = readEvents(argv.events, undefined, { notes: false });
    return { file, source: readToTheEnd(scale ? scaled(read, scale) : read, unread), unread };
  } catch (err) {
    undo();
    throw err;
  }
}

/** The flags `fire` checks before anything runs, with the scenario's values where one is unset. */
interface CheckedFlags {
  headers: Record<string, string>;
  secret: string | undefined;
  pace: Pace;
  retry: RetryPolicy;
  /** The simulation to fire; undefined with `--events`. */
  simulation: SimulationOptions | undefined;
}

/** Checks the flags (a usage error naming the flag and value) before the source is read. */
function checkFlags(argv: Args, scenario: Scenario): CheckedFlags {
  const d = scenario.delivery;
  const headers = parseHeaders(argv.header, argv.bearer);
  const secret = resolveSecret(argv);
  if (secret !== undefined) secretKey(secret);
  if (!(argv.progressInterval > 0))
    throw new SimError(
      'usage',
      `Invalid --progress-interval ${argv.progressInterval}: give seconds > 0.`,
    );
  checkRedeliveryFlags(argv);
  const pace = paceFromFlags(argv, scenario);
  const retry = argv.timeout !== undefined ? { ...d.retry, timeoutMs: argv.timeout } : d.retry;
  const simulation =
    argv.events || argv.redeliver !== undefined
      ? undefined
      : simulationOptionsFromFlags(argv, scenario.simulation);
  if (argv.events !== undefined) regularFile(argv.events);
  return { headers, secret, pace, retry, simulation };
}

/**
 * The ids the built-in receiver in fire's process remembers: twice the events the sender holds
 * open at once (in flight, waiting to retry, held by chaos; 10,000): an event is sent again (a
 * retry, chaos's duplicate) only while it is open, and fire looks each delivered event up as its
 * outcome comes. `receive`'s default (100,000) held 10 MB more at 500,000 events than at 50,000,
 * and the heap grew some 40 MB around them (issue 24).
 */
const FIRE_ID_WINDOW = 20_000;

/** Flags that choose what a simulation makes: a redelivery fires its ledger's events instead. */
const SIMULATION_FLAGS = [
  'agents',
  'start',
  'duration',
  'end',
  'types',
  'team-size',
  'teams',
  'hours',
  'utc-offset',
  'time-zone',
  'calls-per-hour',
  'service-level',
  'staffing',
  'after-hours',
] as const;

/**
 * `--redeliver` fires its ledger's events as they were sent: a flag that would choose or move
 * other events (`--events`, `--scale`, the simulation's), or re-base them (`--speed`), is a usage
 * error, and so is writing the new ledger over the one read.
 */
function checkRedeliveryFlags(argv: Args): void {
  const ledger = argv.redeliver;
  if (ledger === undefined) {
    if (argv.skipRejected)
      throw new SimError(
        'usage',
        '--skip-rejected chooses what --redeliver fires; give --redeliver LEDGER too.',
      );
    return;
  }
  const given = argv as unknown as Record<string, unknown>;
  const other = (flag: string, why: string) =>
    flagError(flag, String(given[flag]), `${why}; leave it out with --redeliver`);
  if (argv.events !== undefined)
    throw other('events', '--redeliver fires the events of its ledger, not a file');
  if (argv.scale !== undefined)
    throw other('scale', 'a redelivery sends the events once, with the ids they were sent with');
  if (argv.speed !== undefined)
    throw other(
      'speed',
      'a redelivery sends its events as they were sent, never re-based, at once as VCC retries (--rate N caps it)',
    );
  for (const flag of SIMULATION_FLAGS)
    if (given[flag] !== undefined)
      throw other(flag, 'a redelivery simulates nothing: it fires the events of its ledger');
  if (argv.ledger !== undefined && resolve(argv.ledger) === resolve(ledger))
    throw flagError(
      'ledger',
      argv.ledger,
      'the ledger --redeliver reads (opening it for the new run would empty it); give the new run its own file',
    );
}

/**
 * Every delivery option checked before anything starts (the ledger, the events file's pass, the
 * built-in receiver with its schemas): a bad one is the only line, and costs no more than that.
 */
function checkOptionsBeforeStart(argv: Args, scenario: Scenario, flags: CheckedFlags): void {
  const target = argv.target ?? BUILT_IN_URL;
  checkDeliverOptions(
    deliverOptions(argv, scenario, flags, target, new AbortController().signal, {}),
  );
}

/** Where the built-in receiver will listen, as the options are checked before it starts (loopback; its port comes later). */
const BUILT_IN_URL = 'http://127.0.0.1/webhook';

/** The built-in receiver on a free loopback port, with the run's secret and body limit. */
function startBuiltInReceiver(argv: Args, secret: string | undefined): Promise<RunningReceiver> {
  return startReceiver({
    port: 0,
    idWindow: FIRE_ID_WINDOW,
    ...(secret !== undefined ? { secret } : {}),
    ...(argv.maxBody !== undefined ? { maxBodyBytes: argv.maxBody } : {}),
  });
}

/** The delivery's options from the flags and the scenario, with where its outcomes go. */
function deliverOptions(
  argv: Args,
  scenario: Scenario,
  flags: CheckedFlags,
  target: string,
  signal: AbortSignal,
  hooks: Pick<DeliverOptions, 'onOutcome' | 'onProbe' | 'onProgress'>,
): DeliverOptions {
  const d = scenario.delivery;
  return {
    target,
    mode: (argv.mode ?? d.mode) as DeliveryMode,
    concurrency: argv.concurrency ?? d.concurrency,
    engine: 'net',
    pace: flags.pace,
    retry: flags.retry,
    headers: flags.headers,
    signatureFormat: argv.signatureFormat as SignatureFormat,
    signal,
    ...(flags.secret !== undefined ? { secret: flags.secret } : {}),
    ...(argv.maxAttempts !== undefined ? { maxAttempts: argv.maxAttempts } : {}),
    ...(argv.maxBody !== undefined ? { maxBodyBytes: argv.maxBody } : {}),
    // A redelivery repeats what was sent: never re-based, no faults added.
    ...(argv.redeliver !== undefined ? { rebase: false } : {}),
    ...(d.chaos && argv.redeliver === undefined
      ? { chaos: d.chaos, chaosSeed: `${argv.seed ?? scenario.simulation.seed ?? '1'}` }
      : {}),
    ...hooks,
  };
}

/**
 * A run is ok when it was not stopped, every event was delivered (every event of the file checked
 * is one sent: a file that changed under us is not ok), every fault was answered as a correct
 * receiver does, and the built-in receiver has every delivered event.
 */
function fireOk(
  summary: DeliverySummary,
  file: { planned: number } | undefined,
  check: ReceiverCheck | undefined,
): boolean {
  const faultsOk = Object.values(summary.faults ?? {}).every((f) => f.ok === f.sent);
  return (
    !summary.stopped &&
    summary.delivered === summary.events &&
    (file === undefined || summary.events === file.planned) &&
    faultsOk &&
    (check?.ok ?? true)
  );
}

/**
 * How long a paced run's schedule is, real seconds: its events' span at the speed, or their count
 * at the rate (the longer when both pace it); undefined for `--max` or an unknown plan.
 */
function scheduleSeconds(
  planned: { planned: number; rate: PlannedRate } | undefined,
  pace: Pace,
): number | undefined {
  if (!planned || pace.max || planned.planned === 0) return undefined;
  const bySpeed =
    pace.speed !== undefined && planned.rate.meanPerSecond > 0
      ? planned.planned / planned.rate.meanPerSecond / pace.speed
      : 0;
  const byRate = pace.rate !== undefined ? planned.planned / pace.rate : 0;
  const seconds = Math.max(bySpeed, byRate);
  return seconds > 0 ? seconds : undefined;
}

/** The pace: `--max`, `--speed` and `--rate` as given, else the scenario's speed. */
function paceFromFlags(argv: Args, scenario: Scenario): Pace {
  if (argv.max) return { max: true };
  // A redelivery goes out at once, as VCC's retries do, unless capped.
  if (argv.redeliver !== undefined)
    return argv.rate !== undefined ? { rate: argv.rate } : { max: true };
  if (argv.speed !== undefined || argv.rate !== undefined)
    return {
      ...(argv.speed !== undefined ? { speed: argv.speed } : {}),
      ...(argv.rate !== undefined ? { rate: argv.rate } : {}),
    };
  return { speed: scenario.speed };
}

/**
 * Reads an events file through once: a bad line (not JSON, or not a valid notification) fails the
 * run before anything is sent. Returns its events and their send rate, for the plan line.
 */
async function checkEventsFile(path: string, signal: AbortSignal, scale = 1): Promise<CheckedFile> {
  const valid = (e: Notification) => {
    const r = checkNotification(e);
    return r.ok ? undefined : r.errors.slice(0, 2).join('; ');
  };
  // A file that cannot be opened is its one-line error, before any line of progress.
  statSync(path);
  info(`vcc-sim fire: checking ${path} (every event, before any is sent)`);
  const rate = new SendRate();
  let planned = 0;
  for await (const batch of readEventBatches(path, valid)) {
    // Stopped while checking: the run goes on to its summary, every event not sent.
    if (signal.aborted) return { planned, rate: rate.result(), complete: false };
    for (const e of batch) {
      // `--scale N`: N copies at the event's time.
      for (let k = 0; k < scale; k++) {
        planned++;
        rate.addTime(e.time);
      }
    }
  }
  return { planned, rate: rate.result(), complete: true };
}

/** An events file checked through: its events and send rate; `complete` unless stopped. */
interface CheckedFile {
  planned: number;
  rate: PlannedRate;
  complete: boolean;
}

/**
 * The events of a file checked before: when it no longer reads (changed under the run), the
 * events read so far are the run, and the error is kept for the summary instead of ending the
 * run without one.
 */
async function* readToTheEnd(
  events: AsyncIterable<Notification>,
  unread: { error?: string },
): AsyncGenerator<Notification> {
  try {
    yield* events;
  } catch (err) {
    unread.error = (err as Error).message;
  }
}

/**
 * `--events` is read twice (checked through first, then sent), so it must be a regular file: a
 * pipe would be empty the second time and fire nothing.
 */
function regularFile(path: string): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return; // the read names the missing file
  if (!stat.isFile())
    throw flagError(
      'events',
      path,
      stat.isDirectory()
        ? 'a folder; give an events file'
        : 'not a regular file (a pipe is read once, and fire reads the file twice: checked, then sent); write the stream to a file first',
    );
}

/**
 * The plan's figures: from the check of the events file or the ledger (read through first
 * anyway), or by a counting pass over a simulated run small enough to simulate twice.
 */
function plannedFigures(
  file: CheckedFile | undefined,
  simulation: SimulationOptions | undefined,
): { planned: number; rate: PlannedRate } | undefined {
  if (simulation === undefined) return file?.complete ? file : undefined;
  return plannedRun(simulation);
}

/**
 * A simulated run's events and send rate by a counting pass (team by team, nothing kept), or
 * undefined when it holds more than `FIRE_PEAK_MAX_EVENTS`: the source is read while firing, so
 * the figures cost a second simulation, worth it only for a small run.
 */
function plannedRun(
  simulation: SimulationOptions,
): { planned: number; rate: PlannedRate } | undefined {
  const counts = countPlanned(resolveOptions(simulation), FIRE_PEAK_MAX_EVENTS);
  return counts.complete ? { planned: counts.planned, rate: counts.rate } : undefined;
}

/**
 * The first SIGINT or SIGTERM stops delivery: nothing new goes out, what is in flight gets a second
 * and is then cut off, every event not delivered ends as not sent (in the ledger too), the summary
 * is printed, exit 130. The second flushes the ledger and quits at once. Returns the undo.
 */
function stopOnSignals(controller: AbortController, ledger: LedgerFile): () => void {
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts > 1) {
      ledger.close();
      process.stderr.write(
        `\nvcc-sim fire: ${signal} again: quit; the ledger has ${ledger.lines} lines, the events after them are missing from it\n`,
      );
      process.exit(130);
    }
    process.stderr.write(
      `\nvcc-sim fire: ${signal}: stopping; requests in flight get 1 s, every event not delivered ends as not sent (again to quit at once)\n`,
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/**
 * `--handshake`: the CloudEvents webhook validation first; an error when the receiver does not
 * grant delivery, and the pace capped at the rate it allows.
 */
async function handshakeFirst(
  target: string,
  argv: Args,
  headers: Record<string, string>,
  pace: Pace,
): Promise<{ granted: HandshakeResult; pace: Pace }> {
  const granted = await handshake(target, { origin: argv.origin, headers });
  if (!granted.granted) {
    const why =
      granted.error ??
      `status ${granted.status}, WebHook-Allowed-Origin ${granted.allowedOrigin ?? 'missing'}`;
    throw new SimError(
      'delivery',
      `The receiver did not grant delivery in the webhook handshake (${why}).`,
    );
  }
  if (typeof granted.allowedRate !== 'number') return { granted, pace };
  const perSecond = granted.allowedRate / 60;
  return {
    granted,
    pace: {
      ...(pace.speed !== undefined ? { speed: pace.speed } : {}),
      rate: Math.min(pace.rate ?? perSecond, perSecond),
    },
  };
}

/** The CloudEvents source of a notification type: `/agent` for agent events, else `/channel`. */
function sourceOf(type: string): string {
  return type.startsWith('agent.') ? '/agent' : '/channel';
}

/**
 * What the built-in receiver got, checked against what was delivered (`missing`: delivered events
 * it did not have when their outcome came); then it is closed.
 */
async function checkReceiver(
  receiver: RunningReceiver,
  missing: number,
  summary: DeliverySummary,
): Promise<{ received: ReceiverStats; check: ReceiverCheck }> {
  const received = receiver.stats();
  const check = {
    missing,
    pairsComplete: received.pairsComplete,
    pairsPending: received.pairsPending,
    ok: missing === 0 && (summary.stopped || received.pairsPending === 0),
  };
  await receiver.close();
  return { received, check };
}

/** What a fire run did, for its report. */
interface FireReport {
  /** `scenario NAME` or `events FILE`. */
  source: string;
  /** The scenario simulated, when no events file was given. */
  scenario: string | undefined;
  target: string;
  ok: boolean;
  granted: HandshakeResult | undefined;
  summary: DeliverySummary;
  /** The plan's figures, when known (a file checked through, or a small simulated run). */
  planned: { planned: number; rate: PlannedRate } | undefined;
  /** `--redeliver`: the ledger read and what of it was fired or skipped. */
  redelivery?: { ledger: string; checked: CheckedLedger; skipRejected: boolean };
}

/** `--redeliver`'s accounting: every event of the ledger fired or skipped. */
function redeliveryJson(r: NonNullable<FireReport['redelivery']>) {
  const c = r.checked;
  return { ledger: r.ledger, events: c.events, fired: c.fired, skipped: c.skipped };
}

function redeliveryText(r: NonNullable<FireReport['redelivery']>): string {
  const c = r.checked;
  const n = (x: number) => x.toLocaleString('en');
  const rejected = r.skipRejected ? ` and ${n(c.skipped.rejected)} rejected (--skip-rejected)` : '';
  return `redelivered from ${r.ledger}: ${n(c.events)} events in the ledger: ${n(c.fired)} fired, ${n(c.skipped.delivered)} delivered before${rejected} skipped\n`;
}

function fireJson(
  r: FireReport,
  exitCode: number,
  received?: ReceiverStats,
  check?: ReceiverCheck,
): string {
  const p = r.planned;
  return jsonSummary('fire', exitCode, {
    ...(r.redelivery
      ? { redeliver: redeliveryJson(r.redelivery) }
      : r.scenario !== undefined
        ? { scenario: r.scenario }
        : { events: r.source.slice(7) }),
    target: r.target,
    // The plan and the stop under load's names for them: one reader reads both commands.
    ...(p
      ? {
          planned: p.planned,
          plannedPeakPerSecond: p.rate.peakPerSecond,
          plannedPeakAt: p.rate.peakAt,
          plannedPeakSeconds: p.rate.peakSeconds,
          plannedMeanPerSecond: p.rate.meanPerSecond,
        }
      : {}),
    stopped: r.summary.stopped,
    ...(r.granted ? { handshake: r.granted } : {}),
    summary: r.summary,
    ...(received ? { receiver: received, check } : {}),
  });
}

function fireText(
  r: FireReport,
  builtIn: boolean,
  received?: ReceiverStats,
  check?: ReceiverCheck,
): string {
  let text = `${r.source} -> ${r.target}${builtIn ? ' (built-in receiver)' : ''}\n`;
  if (r.redelivery) text += redeliveryText(r.redelivery);
  if (r.granted)
    text += `handshake: granted to origin ${r.granted.allowedOrigin}, rate ${r.granted.allowedRate ?? 'unspecified'}/min\n`;
  text += formatDelivery(r.summary);
  if (r.summary.faults) text += formatFaults(r.summary.faults);
  if (received && check) {
    text += formatReceiverStats(received);
    text += check.ok
      ? `  check: every delivered event received, ${check.pairsComplete} pairs complete\n`
      : `  check: FAILED: ${check.missing} delivered events missing, ${check.pairsPending} pairs pending\n`;
  }
  text += r.ok ? 'ok\n' : 'FAILED\n';
  return text;
}

/** `vcc-sim fire`: deliver a scenario or a file to a receiver the way VCC does. */
export const fireCommand: CommandModule<object, Args> = {
  command: 'fire',
  describe:
    'Deliver notifications to a webhook receiver the way VCC does (signed, retried, nothing lost)',
  builder: builder as never,
  handler,
};
