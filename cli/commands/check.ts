import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  CHECK_IDS,
  type CheckId,
  type CheckReport,
  cannotConnect,
  checkReceiver,
  connectError,
  isLoopback,
  selectChecks,
} from '../../check/index.js';
import { parseDuration } from '../../generator/duration.js';
import { secretKey } from '../../wire/index.js';
import { checkHtml } from '../check-html.js';
import { checkJson, checkJunit, checkTable } from '../check-output.js';
import { CliExit, EXIT } from '../cli-error.js';
import { flagError } from '../flag-checks.js';
import { jsonSummary } from '../json-summary.js';
import { info, warn } from '../log.js';
import { loadChartLibrary } from '../report-html.js';
import { resolveSecret, secretFlags } from './shared-options.js';

function builder(y: Argv) {
  return secretFlags(y, 'sign every probe, and check that forged signatures are refused')
    .option('target', {
      type: 'string',
      demandOption: 'Give the receiver to check: --target URL',
      describe: "The receiver's webhook URL",
    })
    .option('signature-format', {
      choices: ['jwt', 'bare', 'bearer'] as const,
      describe:
        'Vonage-Signature on every probe as the bare JWT (jwt or bare) or "Bearer <JWT>"; default: the form the receiver takes',
    })
    .option('only', {
      type: 'string',
      array: true,
      describe: `Run only these checks (${CHECK_IDS.join(', ')})`,
    })
    .option('skip', { type: 'string', array: true, describe: 'Leave these checks out' })
    .option('p99', {
      type: 'number',
      describe: "Answers' p99 must stay under this many ms (deadline and capacity)",
    })
    .option('capacity', {
      type: 'boolean',
      default: false,
      describe: 'Also ramp the load to find the capacity (it loads the receiver)',
    })
    .option('capacity-time', {
      type: 'string',
      default: '60',
      describe: 'At most this long for the capacity ramp: seconds, or a duration (20s, 2m)',
    })
    .option('allow-remote', {
      type: 'boolean',
      default: false,
      describe: 'Let --capacity load a receiver that is not on loopback',
    })
    .option('strict', { type: 'boolean', default: false, describe: 'A warning fails too' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON' })
    .option('junit', {
      type: 'string',
      describe: 'Also write JUnit XML here (one test case per check)',
    })
    .option('html', {
      type: 'string',
      describe: 'Also write an HTML page here (verdicts and the capacity ramp)',
    })
    .example(
      '$0 check --target http://127.0.0.1:3000/vcc --secret-file secret.txt',
      'Is this receiver ready for VCC?',
    )
    .example(
      '$0 check --target http://127.0.0.1:3000/vcc --only capacity',
      'How many agents can it take?',
    )
    .example('$0 check --target "$URL" --secret "$SECRET" --strict --junit check.xml', 'In CI');
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

/** Where `--junit`/`--html` writes, checked before any probe is sent. */
function outputPath(flag: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  const path = resolve(file);
  const isDir = (p: string) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  if (file.trim() === '' || isDir(path))
    throw flagError(flag, file, 'give the path of a file to write');
  if (!isDir(dirname(path)))
    throw flagError(
      flag,
      file,
      `the folder ${dirname(path)} does not exist; create it or write elsewhere`,
    );
  return path;
}

/** `--capacity-time`: plain seconds (`60`) or a duration (`20s`, `2m`), 1 s to 1 h. */
function capacityTime(typed: string): number {
  const allowed = 'give seconds or a duration from 1s to 1h, e.g. 60 or 2m';
  let ms: number;
  try {
    ms = parseDuration(typed, '--capacity-time');
  } catch {
    throw flagError('capacity-time', typed, allowed);
  }
  if (!(ms >= 1000 && ms <= 3_600_000)) throw flagError('capacity-time', typed, allowed);
  return ms;
}

function checkFlags(argv: Args) {
  let url: URL | undefined;
  try {
    url = new URL(argv.target);
  } catch {}
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw flagError(
      'target',
      argv.target,
      "give the receiver's http(s) URL, e.g. http://127.0.0.1:3000/webhook",
    );
  for (const flag of ['only', 'skip'] as const)
    for (const id of argv[flag] ?? [])
      if (!(CHECK_IDS as readonly string[]).includes(id))
        throw flagError(flag, id, `not a check: give one of ${CHECK_IDS.join(', ')}`);
  const ids = selectChecks({
    only: argv.only as CheckId[] | undefined,
    skip: argv.skip as CheckId[] | undefined,
    capacity: argv.capacity,
  });
  if (ids.length === 0)
    throw new CliExit(
      EXIT.usage,
      `--only ${(argv.only ?? []).join(' ')} --skip ${(argv.skip ?? []).join(' ')} leaves no check to run: skip fewer, or name others with --only.`,
    );
  if (ids.includes('capacity') && !argv.allowRemote && !isLoopback(url))
    throw new CliExit(
      EXIT.usage,
      `--capacity loads the receiver, and ${url.hostname} is not loopback: give --allow-remote to load it anyway.`,
    );
  if (argv.p99 !== undefined && !(argv.p99 > 0))
    throw flagError('p99', String(argv.p99), 'give ms above 0, e.g. 500');
  const capacityTimeMs = capacityTime(argv.capacityTime);
  const secret = resolveSecret(argv);
  if (secret !== undefined) secretKey(secret);
  return {
    secret,
    capacityTimeMs,
    junit: outputPath('junit', argv.junit),
    html: outputPath('html', argv.html),
  };
}

/** The `--json` fields when the target takes no connection: no check ran. */
function unreachable(argv: Args, error: string) {
  return {
    target: argv.target,
    strict: argv.strict,
    durationMs: 0,
    failed: [],
    warned: [],
    checks: [],
    capacity: null,
    error,
  };
}

function exitCodeOf(report: CheckReport, strict: boolean): number {
  return report.failed.length > 0 || (strict && report.warned.length > 0) ? EXIT.failed : EXIT.ok;
}

/**
 * A first SIGINT or SIGTERM ends the run at once with 130: a check cut short has no verdict, and
 * nothing is written (no --json, --junit or --html).
 */
function stopOnSignal(): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    warn(`check stopped by ${signal}: no verdict`);
    process.exit(EXIT.stopped);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

async function handler(argv: Args): Promise<void> {
  const { secret, capacityTimeMs, junit, html } = checkFlags(argv);
  const refused = await connectError(argv.target, 10_000);
  if (refused) {
    const line = cannotConnect(argv.target, refused);
    if (argv.json) process.stdout.write(jsonSummary('check', EXIT.failed, unreachable(argv, line)));
    throw new CliExit(EXIT.failed, line);
  }
  const release = stopOnSignal();
  const only = argv.only as CheckId[] | undefined;
  info(
    `check -> ${argv.target}, ${secret !== undefined ? 'signed' : 'unsigned (no secret: signature-required is skipped)'}`,
  );
  const report = await checkReceiver({
    target: argv.target,
    ...(secret !== undefined ? { secret } : {}),
    ...(only ? { only } : {}),
    ...(argv.skip ? { skip: argv.skip as CheckId[] } : {}),
    ...(argv.p99 !== undefined ? { p99Ms: argv.p99 } : {}),
    ...(argv.signatureFormat !== undefined
      ? { signatureFormat: argv.signatureFormat === 'bearer' ? 'bearer' : 'jwt' }
      : {}),
    capacity: argv.capacity,
    capacityTimeMs,
    allowRemote: argv.allowRemote,
    onCheck: (r) => info(`  ${r.id}: ${r.verdict} (${r.durationMs} ms)`),
  }).finally(release);
  const exitCode = exitCodeOf(report, argv.strict);
  if (junit) writeFileSync(junit, checkJunit(report, argv.strict, new Date()));
  if (html) writeFileSync(html, checkHtml(report, loadChartLibrary()));
  if (argv.json)
    process.stdout.write(jsonSummary('check', exitCode, checkJson(report, argv.strict)));
  // Piped (CI logs): whole lines; a terminal: cut to its width.
  else
    process.stdout.write(
      checkTable(
        report,
        argv.strict,
        process.stdout.isTTY ? process.stdout.columns || 120 : Number.POSITIVE_INFINITY,
      ),
    );
  process.exitCode = exitCode;
}

/** `vcc-sim check`: is this receiver ready for VCC? */
export const checkCommand: CommandModule<object, Args> = {
  command: 'check',
  describe:
    "Grade a webhook receiver against VCC's delivery contract, and find its capacity in agents",
  builder: builder as never,
  handler,
};
