import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { startReceiver } from '../../receiver/index.js';
import { formatReceiverStats } from '../report.js';

function builder(y: Argv) {
  return y
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
    .option('port', { type: 'number', default: 8080, describe: 'Port (0 for a free one)' })
    .option('path', {
      type: 'string',
      default: '/webhook',
      describe: 'Webhook path; stats at <path>/stats',
    })
    .option('secret', {
      type: 'string',
      describe: 'Base64 subscription secret: verify Vonage-Signature (401 when it fails)',
    })
    .option('max-body', {
      type: 'number',
      default: 1024 * 1024,
      describe: 'Largest body accepted, bytes (413 above)',
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
      describe: 'Print the final summary as JSON',
    })
    .example(
      '$0 receive --port 8080 --secret c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==',
      'Verify signatures',
    )
    .example('$0 receive --fail-rate 0.3 --drop-rate 0.05', 'A flaky receiver, to test a sender')
    .example('curl -s http://127.0.0.1:8080/webhook/stats', 'What it has received so far');
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

async function handler(argv: Args): Promise<void> {
  const receiver = await startReceiver({
    host: argv.host,
    port: argv.port,
    path: argv.path,
    ...(argv.secret ? { secret: argv.secret } : {}),
    maxBodyBytes: argv.maxBody,
    faults: {
      ...(argv.failRate !== undefined ? { failRate: argv.failRate } : {}),
      ...(argv.dropRate !== undefined ? { dropRate: argv.dropRate } : {}),
      ...(argv.latency !== undefined ? { latencyMs: argv.latency } : {}),
      ...(argv.status !== undefined ? { status: argv.status } : {}),
    },
  });
  process.stderr.write(
    `vcc-sim receive: listening on ${receiver.url} (stats: GET ${receiver.url}/stats); Ctrl-C to stop\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const stats = receiver.stats();
  await receiver.close();
  process.stdout.write(
    argv.json ? `${JSON.stringify(stats, null, 2)}\n` : formatReceiverStats(stats),
  );
}

/** `vcc-sim receive`: the built-in receiver. */
export const receiveCommand: CommandModule<object, Args> = {
  command: 'receive',
  describe: 'Run the built-in webhook receiver (validates, verifies signatures, dedupes, pairs)',
  builder: builder as never,
  handler,
};
