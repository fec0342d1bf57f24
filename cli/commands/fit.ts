import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { CenterReporter } from '../../generator/analysis/center-report.js';
import { parseDuration } from '../../generator/duration.js';
import { SimError } from '../../generator/errors.js';
import { calibrateServiceObjective } from '../../generator/fitting/calibration.js';
import { CaptureSample } from '../../generator/fitting/capture-sample.js';
import { fitCenter } from '../../generator/fitting/center-fit.js';
import { kpiComparison } from '../../generator/fitting/fit-summary.js';
import { toSimulationOptions } from '../../generator/fitting/scenario-mapping.js';
import type { SimulationOptions } from '../../generator/simulation/options.js';
import { simulate } from '../../generator/simulation/simulate.js';
import { ndjsonBatches, readEventBatches } from '../events-file.js';
import { type FitResult, fittedScenario, formatFit } from '../fit-output.js';
import { jsonSummary } from '../json-summary.js';
import { info } from '../log.js';

function builder(y: Argv) {
  return y
    .positional('capture', {
      type: 'string',
      describe: 'A stream of notifications (NDJSON, JSON array or batch), or - for NDJSON on stdin',
      default: '-',
    })
    .option('out', {
      type: 'string',
      alias: 'o',
      describe: 'Write the fitted scenario (JSON) to this file, for --scenario FILE',
    })
    .option('name', { type: 'string', default: 'fitted', describe: "The scenario's name" })
    .option('utc-offset', {
      type: 'string',
      describe:
        "The center's offset from UTC, e.g. -5h (events carry none; by default UTC unless its day crosses midnight UTC)",
    })
    .option('sl-threshold', {
      type: 'number',
      default: 20,
      describe: 'Service-level threshold, seconds (as report --sl-threshold)',
    })
    .option('calibrate', {
      type: 'boolean',
      default: true,
      describe:
        'Find the service objective by simulating the fitted center (its busiest day); --no-calibrate keeps 80/20',
    })
    .option('check', {
      type: 'boolean',
      default: true,
      describe:
        "Simulate the fitted center over the capture's window once and print its KPIs beside the capture's",
    })
    .option('json', { type: 'boolean', default: false, describe: 'Print the fit as JSON' })
    .example('$0 fit capture.ndjson --out ours.json', 'Fit a scenario to a capture')
    .example('$0 generate --scenario ours.json --seed 2 > replay.ndjson', 'A new day of it');
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

/** `--utc-offset -5h` in ms; a bad value is a one-line usage error naming the flag. */
function offsetFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const ms = parseDuration(text.replace(/^[-+]/, ''), '--utc-offset');
  if (ms > 14 * 3_600_000)
    throw new SimError(
      'usage',
      `Invalid --utc-offset "${value}": give an offset from -14h to 14h, e.g. -5h or 5h30m.`,
    );
  return text.startsWith('-') ? -ms : ms;
}

/** Where `--out` writes, checked before the capture is read: its folder must exist. */
function outTarget(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  const path = resolve(file);
  const isDir = (p: string) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return undefined;
    }
  };
  if (file.trim() === '' || isDir(path))
    throw new SimError(
      'usage',
      `Invalid --out "${file}": give the path of a scenario file to write, e.g. --out ours.json.`,
    );
  if (isDir(dirname(path)) !== true)
    throw new SimError(
      'usage',
      `Invalid --out "${file}": the folder ${dirname(path)} does not exist; create it or write elsewhere.`,
    );
  return path;
}

/** Simulates options and returns the stream's report. */
function simulateReport(options: SimulationOptions, slThresholdMs: number) {
  const reporter = new CenterReporter({ slThresholdMs });
  for (const n of simulate(options)) reporter.add(n);
  return reporter.report();
}

async function handler(argv: Args): Promise<void> {
  const file = argv.capture === '' ? '-' : argv.capture;
  const utcOffsetMs = offsetFlag(argv.utcOffset);
  if (!(argv.slThreshold >= 0 && argv.slThreshold <= 3600))
    throw new SimError(
      'usage',
      `Invalid --sl-threshold ${JSON.stringify(argv.slThreshold)}: give seconds from 0 to 3600, e.g. 20.`,
    );
  if (argv.name.trim() === '')
    throw new SimError(
      'usage',
      `Invalid --name ${JSON.stringify(argv.name)}: give the scenario a name, e.g. --name ours.`,
    );
  const out = outTarget(argv.out);
  const slThresholdMs = argv.slThreshold * 1000;
  const sample = new CaptureSample({ slThresholdMs });
  const source = file === '-' ? ndjsonBatches(process.stdin, 'stdin') : readEventBatches(file);
  for await (const batch of source) for (const n of batch) sample.add(n);
  const { observations, report } = sample.finish();
  if (observations.arrivals.length === 0)
    throw new SimError(
      'input',
      `${file === '-' ? 'stdin' : file} holds no calls to fit (no caller's channel.connected): fit needs the channel events of a subscription to "channel.*.v0".`,
    );
  const fit = fitCenter(observations, report, { utcOffsetMs });
  const simulation = toSimulationOptions(fit);
  const result: FitResult = { file, fit, simulation, calibration: undefined, check: undefined };
  if (argv.calibrate) {
    info('fit: calibrating the service objective by simulation…');
    result.calibration = calibrateServiceObjective(
      simulation,
      fit.calendar,
      report,
      (o) => simulateReport(o, slThresholdMs).totals,
    );
    if (result.calibration) simulation.serviceLevel = result.calibration.serviceLevel;
  }
  if (argv.check) {
    info('fit: simulating the fitted center over the capture’s window…');
    const simulated = simulateReport({ ...simulation, seed: 'fit-check' }, slThresholdMs);
    result.check = kpiComparison(report, simulated, Math.max(1, fit.calendar.days.length));
  }
  const scenario = fittedScenario(argv.name, result);
  if (out) {
    // Indented, with lists of numbers (the curve, the weekday levels) on one line each.
    const text = JSON.stringify(scenario, null, 2).replace(
      /\[\s+(-?[\d.]+(?:,\s+-?[\d.]+)*)\s+\]/g,
      (_, items: string) => `[${items.split(/,\s+/).join(', ')}]`,
    );
    writeFileSync(out, `${text}\n`);
    info(`fit: scenario written to ${argv.out}`);
  }
  process.stdout.write(
    argv.json ? jsonSummary('fit', 0, jsonFit(result, scenario)) : formatFit(result, argv.out),
  );
}

/** The fit as JSON: the estimates (without the capture's whole report: `report --json` has it). */
function jsonFit(result: FitResult, scenario: ReturnType<typeof fittedScenario>) {
  const { report: _report, ...estimates } = result.fit;
  const { file, simulation, calibration, check } = result;
  return { file, estimates, simulation, calibration, check, scenario };
}

/** `vcc-sim fit`: a scenario estimated from a stream of notifications. */
export const fitCommand: CommandModule<object, Args> = {
  command: 'fit [capture]',
  describe:
    'Fit a scenario to a stream of notifications (a capture): hours, curve, handle times, shares',
  builder: builder as never,
  handler,
};
