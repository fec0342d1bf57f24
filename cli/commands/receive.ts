import { closeSync, fstatSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { type AnsweredRequest, startReceiver } from '../../receiver/index.js';
import { type CapturedRequest, captureLine } from '../../wire/capture.js';
import { flagError } from '../flag-checks.js';
import { jsonSummary } from '../json-summary.js';
import { info, logLevel, warn } from '../log.js';
import { formatReceiverStats } from '../report.js';
import { resolveSecret, SECRET_ENV, secretFlags } from './shared-options.js';

function builder(y: Argv) {
  return secretFlags(y, 'verify Vonage-Signature (401 when it fails)')
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
    .option('port', { type: 'number', default: 8080, describe: 'Port (0 for a free one)' })
    .option('path', {
      type: 'string',
      default: '/webhook',
      describe: 'Webhook path; stats at <path>/stats',
    })
    .option('leeway', {
      type: 'number',
      default: 60,
      describe:
        "Seconds the signer's clock may be off: expired, issued ahead, or living over VCC's 5 minutes",
    })
    .option('max-body', {
      type: 'number',
      default: 1024 * 1024,
      describe: 'Largest body accepted, bytes (413 above)',
    })
    .option('id-window', {
      type: 'number',
      default: 100_000,
      describe:
        "Ids of the latest unique events remembered to spot redeliveries (memory stays bounded; an older one's redelivery counts as new)",
    })
    .option('fail-rate', { type: 'number', describe: 'Share of requests answered 500 (0-1)' })
    .option('drop-rate', {
      type: 'number',
      describe: 'Share of connections reset without an answer (0-1)',
    })
    .option('latency', { type: 'number', describe: 'Delay before every answer, ms' })
    .option('status', { type: 'number', describe: 'Answer every request with this status' })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'One JSON line per request on stdout, then the summary as JSON',
    })
    .option('record', {
      type: 'string',
      describe:
        'Append every request to this file as it arrived (a capture: headers, body byte-exact, status answered), one line each',
    })
    .example('$0 receive --record capture.ndjson', 'Keep what arrives, for report, anonymise, fire')
    .example('$0 receive --port 8080 --secret-file secret.txt', 'Verify signatures')
    .example('$0 receive --fail-rate 0.3 --drop-rate 0.05', 'A flaky receiver, to test a sender')
    .example('curl -s http://127.0.0.1:8080/webhook/stats', 'What it has received so far');
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

async function handler(argv: Args): Promise<void> {
  const secret = resolveSecret(argv);
  const record = argv.record !== undefined ? openRecord(argv.record) : undefined;
  const receiver = await startReceiver({
    ...(record ? { onCapture: record.write } : {}),
    host: argv.host,
    port: argv.port,
    path: argv.path,
    ...(secret !== undefined ? { secret } : {}),
    signatureLeewaySeconds: argv.leeway,
    maxBodyBytes: argv.maxBody,
    idWindow: argv.idWindow,
    faults: {
      ...(argv.failRate !== undefined ? { failRate: argv.failRate } : {}),
      ...(argv.dropRate !== undefined ? { dropRate: argv.dropRate } : {}),
      ...(argv.latency !== undefined ? { latencyMs: argv.latency } : {}),
      ...(argv.status !== undefined ? { status: argv.status } : {}),
    },
    // A line per request, as `stripe listen` prints one per event: JSON on stdout for machines.
    // No hook at all when nothing would be shown: the receiver then does no per-request work.
    onRequest: argv.json
      ? (r) => process.stdout.write(`${JSON.stringify(r)}\n`)
      : logLevel() === 'quiet'
        ? undefined
        : (r) => info(requestLine(r)),
  });
  const verifies =
    secret !== undefined
      ? `verifying signatures (leeway ${argv.leeway} s)`
      : `NOT verifying signatures: no --secret, --secret-file or ${SECRET_ENV}`;
  // Heard before the address is said: a Ctrl-C sent as soon as the line is read ends the run with
  // its summary, not the process by the signal's default action.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const listening = `vcc-sim receive: listening on ${receiver.url}`;
  // With --quiet the address is still said: with --port 0 it is known no other way.
  if (logLevel() === 'quiet') warn(listening);
  else info(`${listening} (${verifies}; stats: GET ${receiver.url}/stats); Ctrl-C to stop`);
  await stopped;
  const stats = receiver.stats();
  await receiver.close();
  if (record) {
    record.close();
    info(`vcc-sim receive: recorded ${record.lines()} requests to ${argv.record}`);
  }
  // With --json, the summary is the last of the lines: one JSON object each.
  process.stdout.write(
    argv.json ? jsonSummary('receive', 0, stats, 'line') : formatReceiverStats(stats),
  );
}

/**
 * `--record FILE`, opened for appending before the receiver listens (a missing folder or a file
 * that cannot be written is a usage error): one `write` per request, so a `kill -9` loses at
 * most the request in flight.
 */
function openRecord(file: string): {
  write: (r: CapturedRequest) => void;
  close: () => void;
  lines: () => number;
} {
  if (file.trim() === '')
    throw flagError('record', file, 'give the file to append the requests to, e.g. capture.ndjson');
  let fd: number;
  try {
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new Error('a folder');
    fd = openSync(file, 'a');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'ENOENT'
        ? `no folder ${dirname(resolve(file))}; create it first`
        : e.code === 'EACCES'
          ? 'permission denied'
          : e.message === 'a folder'
            ? 'a folder; name a file'
            : (e.code ?? e.message);
    throw flagError('record', file, why);
  }
  // A capture cut by a crash mid-write: the new requests start on a line of their own.
  const size = fstatSync(fd).size;
  if (size > 0) {
    const end = Buffer.alloc(1);
    const read = openSync(file, 'r');
    readSync(read, end, 0, 1, size - 1);
    closeSync(read);
    if (end[0] !== 0x0a) writeSync(fd, '\n');
  }
  let lines = 0;
  return {
    write: (r) => {
      writeSync(fd, captureLine(r));
      lines++;
    },
    close: () => closeSync(fd),
    lines: () => lines,
  };
}

/**
 * One request as a line: when, its status, each notification's type, subject and id, and the
 * signature's verdict (`2026-12-02T09:14:03.120Z  204  channel.wrapstarted.v0  c0f1…  2Xb…  signed`).
 */
export function requestLine(r: AnsweredRequest): string {
  const signature = r.verified === undefined ? '' : r.verified ? '  signed' : '  BAD SIGNATURE';
  const why = r.reason !== undefined && r.reason !== 'signature' ? `  (${r.reason})` : '';
  const what =
    r.events.length === 0
      ? '-'
      : r.events.length === 1
        ? `${r.events[0]?.type}  ${r.events[0]?.subject ?? '-'}  ${r.events[0]?.id}`
        : `batch of ${r.events.length}: ${[...new Set(r.events.map((e) => e.type))].join(', ')}`;
  return `${r.at}  ${r.status}  ${what}${signature}${why}`;
}

/** `vcc-sim receive`: the built-in receiver. */
export const receiveCommand: CommandModule<object, Args> = {
  command: 'receive',
  describe: 'Run the built-in webhook receiver (validates, verifies signatures, dedupes, pairs)',
  builder: builder as never,
  handler,
};
