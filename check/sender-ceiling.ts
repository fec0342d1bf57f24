/**
 * The sender's own ceiling on this machine: `deliver()` as fast as it goes to a sink that answers
 * 204 at once, on a thread of its own (so the sink does not take the sender's event loop).
 */
import { Worker } from 'node:worker_threads';
import type { Notification } from '../generator/index.js';
import { deliver } from '../sender/index.js';

const SINK = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(204); res.end(); });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => server.close(() => process.exit(0)));
`;

/** A sink on a worker thread: its URL, and how to stop it. */
async function startSink(): Promise<{ url: string; stop: () => Promise<void> }> {
  // Its own flags: a parent's --input-type=module would make the sink's CommonJS an ES module.
  const worker = new Worker(SINK, { eval: true, execArgv: [] });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    stop: async () => {
      worker.postMessage('stop');
      await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    },
  };
}

/** The source, ending at `endAt` (performance.now() ms): what is in flight then still finishes. */
function* until<T>(source: Iterable<T>, endAt: number): Generator<T> {
  for (const x of source) {
    if (performance.now() >= endAt) return;
    yield x;
  }
}

/** Options the ramp and the ceiling share: how the sender sends. */
export interface SendSettings {
  secret: string | undefined;
  concurrency: number;
}

/**
 * Notifications per second the sender delivers to a 204 sink with nothing else in the way, over
 * `forMs` (or until `source` ends).
 *
 * @example
 * const perSecond = await senderCeiling(source, { secret, concurrency: 256 }, 2000);
 */
export async function senderCeiling(
  source: Iterable<Notification>,
  settings: SendSettings,
  forMs: number,
): Promise<number> {
  const sink = await startSink();
  try {
    const summary = await deliver(until(source, performance.now() + forMs), {
      target: sink.url,
      engine: 'net',
      concurrency: settings.concurrency,
      pace: { max: true },
      maxAttempts: 1,
      ...(settings.secret !== undefined ? { secret: settings.secret } : {}),
    });
    return summary.delivered / (summary.durationMs / 1000);
  } finally {
    await sink.stop();
  }
}
