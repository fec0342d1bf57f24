import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SimulationOptions } from '../generator/simulation/options.js';
import type { LiveFeedData } from './live-feed-worker.js';
import { packageRoot } from './package-root.js';

/** The feed thread's young generation (V8's default is 16-32 MB for a heap this size). */
const FEED_YOUNG_GENERATION_MB = 192;

/** The live feed, listening: its URL for `LoadConfig.feed`, and how to stop it. */
export interface LiveFeed {
  /** `ws://127.0.0.1:PORT/feed`. */
  url: string;
  /**
   * Why the feed failed, if it did: its thread stopped before `close`, or a team's simulation
   * threw (k6's VU then aborts the run with the same reason).
   */
  failure(): string | undefined;
  close(): Promise<void>;
}

/**
 * Starts the live feed (`live-feed-worker.ts`, built as the package's
 * `dist/cli/live-feed-worker.js`) on a thread of its own and resolves once it listens, its queues sized.
 *
 * @example
 * const feed = await startLiveFeed(config.simulation, config.teams);
 * config.feed = feed.url;
 * try { await runK6(config); } finally { await feed.close(); }
 */
export function startLiveFeed(simulation: SimulationOptions, teams: number[]): Promise<LiveFeed> {
  // As k6 gets them: through JSON (structured cloning would keep what JSON drops).
  const data = JSON.parse(JSON.stringify({ simulation, teams })) as LiveFeedData;
  const worker = new Worker(join(packageRoot(), 'dist', 'cli', 'live-feed-worker.js'), {
    workerData: data,
    // Each team's simulation makes short-lived objects per notification, twenty teams or more
    // at a time: a young generation this large halves the thread's CPU per notification (V8's
    // default scavenges it about six times as often; BENCHMARKS.md, the live feed).
    resourceLimits: { maxYoungGenerationSizeMb: FEED_YOUNG_GENERATION_MB },
  });
  let failed: string | undefined;
  let closing = false;
  // The feed never keeps the CLI alive by itself: a path that forgets to close it still ends.
  worker.unref();
  return new Promise((resolve, reject) => {
    worker.on('message', (m: { port?: number; failure?: string }) => {
      if (m.failure !== undefined) failed ??= m.failure;
      if (m.port !== undefined)
        resolve({
          url: `ws://127.0.0.1:${m.port}/feed`,
          failure: () => failed,
          close: async () => {
            closing = true;
            await worker.terminate();
          },
        });
    });
    worker.on('error', (err) => {
      failed = err.message;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!closing) failed ??= `its thread exited with ${code}`;
      reject(new Error(`the live feed's thread exited with ${code} before it listened`));
    });
  });
}
