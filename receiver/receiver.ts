/**
 * The built-in receiver: a real HTTP server that stands in for a user's VCC webhook receiver.
 * It accepts CloudEvents in structured, binary and batch mode, verifies `Vonage-Signature` when it
 * has the secret, validates every event against the schemas, deduplicates by (source, id), pairs
 * each agent channel's disconnected and wrapstarted, and counts everything.
 *
 * `startReceiver()` puts the pieces together: the options (`receiver-options.ts`), the requests
 * (`webhook-handler.ts`) and the counts (`receiver-stats.ts`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimError } from '../generator/errors.js';
import { compileSchemas } from '../generator/notifications/schema-validator.js';
import { type ReceiverOptions, resolveReceiverOptions } from './receiver-options.js';
import { type ReceiverStats, ReceiverTally } from './receiver-stats.js';
import { capturing } from './request-capture.js';
import { WebhookHandler } from './webhook-handler.js';

export type { AnsweredRequest, ReceiverFaults, ReceiverOptions } from './receiver-options.js';
export type { ReceiverStats } from './receiver-stats.js';

/** A running receiver. */
export interface RunningReceiver {
  /** The webhook URL, e.g. `http://127.0.0.1:43121/webhook`. */
  readonly url: string;
  readonly server: Server;
  stats(): ReceiverStats;
  /**
   * The ids of the unique valid events in the id window (the latest `idWindow`), in arrival order
   * (for tests and reports).
   */
  ids(): string[];
  /** Whether it took in the event (`source`, `id`) and still remembers it (the id window). */
  has(source: string, id: string): boolean;
  close(): Promise<void>;
}

/**
 * Starts the receiver and resolves once it listens.
 *
 * @example
 * const receiver = await startReceiver({ secret });
 * // POST notifications to receiver.url …
 * console.log(receiver.stats().pairsComplete);
 * await receiver.close();
 */
export async function startReceiver(options: ReceiverOptions = {}): Promise<RunningReceiver> {
  const o = resolveReceiverOptions(options);
  // Compile the validators before listening: the first request pays nothing extra.
  compileSchemas();
  const tally = new ReceiverTally(o.idWindow);
  const handle = new WebhookHandler(o, tally).handle;
  const server = createServer(o.onCapture ? capturing(handle, o.maxBody, o.onCapture) : handle);
  server.keepAliveTimeout = 30_000;
  await listen(server, o.port, o.host);
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}${o.path}`,
    server,
    stats: () => tally.stats(),
    ids: () => tally.ids,
    has: (source, id) => tally.has(source, id),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Listens, turning the usual failures into one-line usage errors that say what to do. */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const why: Record<string, string> = {
      EADDRINUSE: `Port ${port} on ${host} is in use; pick another with --port, or 0 for a free one.`,
      EACCES: `Not allowed to listen on port ${port} of ${host}; pick a port above 1023, or 0 for a free one.`,
      ENOTFOUND: `Unknown host "${host}"; listen on 127.0.0.1 (the default) or another local address.`,
      EADDRNOTAVAIL: `${host} is not an address of this machine; listen on 127.0.0.1 (the default).`,
    };
    // The flag at fault: the host's when the address is unknown, else the port's.
    const option = (code: string) =>
      code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL' ? 'host' : 'port';
    server.once('error', (err: NodeJS.ErrnoException) => {
      const line = err.code ? why[err.code] : undefined;
      reject(
        line && err.code
          ? new SimError('usage', line, {
              option: option(err.code),
              allowed: line.replace(/\.$/, ''),
            })
          : err,
      );
    });
    server.listen(port, host, () => resolve());
  });
}
