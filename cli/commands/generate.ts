import { closeSync, openSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { type CenterReport, CenterReporter } from '../../generator/analysis/center-report.js';
import { formatDuration, humanDuration } from '../../generator/duration.js';
import { SimError } from '../../generator/errors.js';
import { serializeNotification } from '../../generator/notifications/notification-builders.js';
import { simulate } from '../../generator/simulation/simulate.js';
import { EXIT } from '../cli-error.js';
import { flagError } from '../flag-checks.js';
import { jsonSummary } from '../json-summary.js';
import { info } from '../log.js';
import { BufferedSink, Progress } from '../output.js';
import { loadScenario } from '../scenario-file.js';
import { formatReport } from './report.js';
import { simulationFlags, simulationOptionsFromFlags } from './shared-options.js';

/** Output formats of `generate`. */
export const FORMATS = ['ndjson', 'json', 'batch'] as const;
export type Format = (typeof FORMATS)[number];

function builder(y: Argv) {
  return simulationFlags(y)
    .option('scenario', {
      type: 'string',
      describe: "Start from a scenario's simulation (a name or a scenario file); flags override it",
    })
    .option('format', {
      choices: FORMATS,
      default: 'ndjson' as Format,
      describe:
        'ndjson: one event a line; json: an indented array; batch: a CloudEvents batch (application/cloudevents-batch+json)',
    })
    .option('out', { type: 'string', alias: 'o', describe: 'Write to this file instead of stdout' })
    .option('roster', {
      type: 'string',
      describe: 'Also write the agent roster (ids, names, teams) as JSON to this file',
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'With --out: print a JSON summary of what was written on stdout',
    })
    .option('report', {
      type: 'boolean',
      default: false,
      describe:
        'Also print the KPI report of the events generated to stderr ("vcc-sim report" gives it as JSON or HTML)',
    })
    .example(
      '$0 generate --agents 50 --duration 8h --seed 7 > day.ndjson',
      'A day of disconnected/wrapstarted pairs',
    )
    .example(
      "$0 generate --types 'channel.*.v0' 'agent.*.v0' --duration 1h",
      'Every v0 channel and presence event',
    )
    .example(
      '$0 generate --scenario shift-end --out shift-end.ndjson',
      "A scenario's events to a file",
    )
    .example(
      '$0 generate --format batch --out batch.json --roster roster.json',
      'A batch body and the roster',
    )
    .example(
      "$0 generate --types 'channel.*.v0' 'agent.*.v0' --report > day.ndjson",
      'A day and its KPIs (service level, AHT, occupancy, peak notifications/s) on stderr',
    );
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

async function handler(argv: Args): Promise<void> {
  if (argv.json && (argv.out === undefined || argv.out === '-'))
    throw new SimError(
      'usage',
      '--json needs --out FILE: stdout carries the events, the JSON summary goes there only when they go to a file.',
    );
  for (const flag of ['out', 'roster'] as const) {
    const path = argv[flag];
    if (path && path !== '-' && statSync(path, { throwIfNoEntry: false })?.isDirectory())
      throw flagError(flag, path, 'a folder; give a file name, e.g. day.ndjson');
  }
  const base = argv.scenario ? (await loadScenario(argv.scenario)).simulation : {};
  const run = simulate(simulationOptionsFromFlags(argv, base));
  const o = run.options;
  if (argv.roster) {
    // Names come from faker's en locale: loaded only when a roster is asked for.
    const { buildRoster } = await import('../../generator/simulation/roster-names.js');
    writeFileSync(argv.roster, `${JSON.stringify(buildRoster(o), null, 2)}\n`);
  }
  // A named file is written under a temporary name and renamed once complete: an interrupted run
  // never leaves a file that looks complete under the name asked for.
  const partial = argv.out && argv.out !== '-' ? `${argv.out}.partial` : undefined;
  if (partial) {
    try {
      closeSync(openSync(partial, 'w'));
    } catch (err) {
      // Named as asked: the temporary name is ours.
      (err as NodeJS.ErrnoException).path = argv.out;
      throw err;
    }
  }
  const sink = BufferedSink.open(partial ?? argv.out);
  const interrupt = onInterrupt();
  try {
    const progress = new Progress('generate');
    const started = performance.now();
    const span = o.endMs - o.startMs;
    const format = argv.format as Format;
    // Fed as the events are written: the report is of these very events, not of a second run.
    // The run knows what a stream alone does not: its clock, its objective and its staffing plan
    // (filled in as the days are planned; its window is read from the events, as vcc-sim report
    // reads it, so both print the same table).
    const reporter = argv.report
      ? new CenterReporter({
          timeZone: o.timeZone ?? o.utcOffsetMs,
          slThresholdMs: o.serviceLevel.thresholdSeconds * 1000,
          slTarget: o.serviceLevel.target,
          ...(o.staffing === 'planned' ? { plan: run.required, absences: run.absences } : {}),
        })
      : undefined;
    let count = 0;
    if (format !== 'ndjson') await sink.write('[');
    for (const t of run.timed()) {
      const n = t.notification;
      reporter?.add(n);
      const text =
        format === 'json'
          ? JSON.stringify(n, null, 2).replace(/\n/g, '\n  ')
          : serializeNotification(n);
      if (format === 'ndjson') await sink.write(`${text}\n`);
      else await sink.write(`${count === 0 ? '\n  ' : ',\n  '}${text}`);
      count++;
      if ((count & 4095) === 0) {
        progress.update((t.sendMs - o.startMs) / span, `${count} events`);
        // Let a Ctrl-C be heard even when every write completes at once.
        await new Promise<void>((r) => setImmediate(r));
        if (interrupt.signal) break;
      }
    }
    if (interrupt.signal) {
      await sink.close();
      progress.done();
      const where = partial
        ? `${partial} (incomplete; ${argv.out} was not written)`
        : 'stdout (incomplete)';
      process.stderr.write(
        `vcc-sim generate: ${interrupt.signal}: stopped after ${count} events; they are in ${where}\n`,
      );
      if (argv.json)
        process.stdout.write(generateJson(EXIT.stopped, argv, run, count, started, partial));
      process.exitCode = EXIT.stopped;
      return;
    }
    if (format !== 'ndjson') await sink.write(count === 0 ? ']\n' : '\n]\n');
    await sink.close();
    if (partial && argv.out) renameSync(partial, argv.out);
    progress.done();
    const s = run.stats;
    info(
      `generated ${count} events for ${s.agents} agents in ${s.teams} teams: ${s.interactions} interactions ` +
        `(${s.answered} answered, ${s.abandoned} abandoned, ${s.voicemails} voicemails) over ${formatDuration(o.endMs - o.startMs)} ` +
        `in ${humanDuration(performance.now() - started)}`,
    );
    if (reporter) process.stderr.write(reportText(reporter.report()));
    if (argv.json) process.stdout.write(generateJson(EXIT.ok, argv, run, count, started));
  } finally {
    interrupt.off();
  }
}

/** `--json` (with `--out`): what was written, and the run's counts. */
function generateJson(
  exitCode: number,
  argv: Args,
  run: ReturnType<typeof simulate>,
  events: number,
  started: number,
  partial?: string,
): string {
  const o = run.options;
  return jsonSummary('generate', exitCode, {
    out: partial ?? argv.out,
    complete: partial === undefined,
    format: argv.format,
    events,
    start: new Date(o.startMs).toISOString(),
    end: new Date(o.endMs).toISOString(),
    seed: o.seed,
    ...run.stats,
    seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
  });
}

/**
 * The first SIGINT or SIGTERM stops generating (the caller sees `signal` set and says how much was
 * written); a second quits at once. The caller calls `off` in a `finally`: a write that fails
 * leaves no listener behind (in a process that runs on, as a test's does).
 */
function onInterrupt(): { signal: NodeJS.Signals | undefined; off(): void } {
  const state = {
    signal: undefined as NodeJS.Signals | undefined,
    off: () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
  function on(signal: NodeJS.Signals) {
    if (state.signal) process.exit(130);
    state.signal = signal;
  }
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return state;
}

/** `--report`: the KPI table of `vcc-sim report`, and how to get every KPI when some are missing. */
function reportText(report: CenterReport): string {
  const hint =
    report.unavailable.length > 0
      ? "every KPI needs every channel type and the presence: --types 'channel.*.v0' agent.presencechanged.v0\n"
      : '';
  return `\nreport of the ${report.notifications.total} events generated (vcc-sim report FILE --json or --html for the rest):\n${formatReport(report)}${hint}`;
}

/** `vcc-sim generate`: a seeded stream of notifications to stdout or a file. */
export const generateCommand: CommandModule<object, Args> = {
  command: 'generate',
  describe: 'Generate a reproducible stream of notifications for a simulated contact center',
  builder: builder as never,
  handler,
};
