/**
 * The live feed's thread (started by `live-feed.ts`): a loopback server that simulates each team
 * a k6 VU asks for and hands it the team's sends a block at a time, over a WebSocket per team
 * (the protocol: `FEED_NEXT` / `FEED_END` in `k6/load-config.ts`). A thread of its own, so that
 * simulating a block never holds up the built-in receiver on the CLI's main thread.
 */
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { SimulationOptions } from '../generator/simulation/options.js';
import { resolveOptions } from '../generator/simulation/options.js';
import {
  FEED_BLOCK_SENDS,
  FEED_END,
  FEED_NEXT,
  planEachQueueSize,
  TeamBlocks,
} from '../k6/index.js';
import { acceptWebSocket } from './websocket-server.js';

/** What `startLiveFeed` hands the thread. */
export interface LiveFeedData {
  simulation: SimulationOptions;
  teams: number[];
}

const { simulation, teams } = workerData as LiveFeedData;
const resolved = resolveOptions(simulation);
const known = new Set(teams);

// Before the feed says it is ready, so that no VU's first block waits for its queue's plan.
planEachQueueSize(resolved, teams);

const server = createServer((_req, res) => {
  res.writeHead(426, { connection: 'close' }).end('a WebSocket endpoint: /feed?team=T&offset=MS\n');
});
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
  const team = wholeNumber(url.searchParams.get('team'));
  const offset = wholeNumber(url.searchParams.get('offset'));
  let blocks: TeamBlocks | undefined;
  const ws = acceptWebSocket(
    req,
    socket,
    {
      message: (text) => {
        if (text !== FEED_NEXT) return ws?.close(1008, `unknown request "${text.slice(0, 40)}"`);
        try {
          blocks ??= new TeamBlocks(simulation, resolved, team, offset, FEED_BLOCK_SENDS);
          ws?.send(blocks.next() ?? FEED_END);
        } catch (err) {
          const why = `team ${team}: ${err instanceof Error ? err.message : String(err)}`;
          // The CLI says it too: k6's VU aborts the run with the close's reason, cut to 123 bytes.
          parentPort?.postMessage({ failure: why });
          ws?.close(1011, why);
        }
      },
    },
    head,
  );
  if (url.pathname !== '/feed' || !known.has(team) || !Number.isSafeInteger(offset))
    ws?.close(1008, `not a team of this run's feed: ${url.pathname}${url.search}`);
});
/** A query parameter's whole number (`NaN` when it is missing or anything else). */
function wholeNumber(text: string | null): number {
  return text !== null && /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
}

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  parentPort?.postMessage({ port: typeof address === 'object' && address ? address.port : 0 });
});
