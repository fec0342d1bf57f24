/**
 * What the suite finds out before its checks: that the receiver's port takes connections at all
 * (a dead target is one line, not a suite of failures), and which `Vonage-Signature` form it takes
 * (so every later probe is refused or taken for what it tests, not for the header's form).
 */
import { connect } from 'node:net';
import type { SignatureFormat } from '../wire/signature-format.js';
import { accepted } from './grading.js';
import { oneNotification } from './material.js';
import type { ProbeTarget } from './target.js';
import { notificationRequest } from './tokens.js';

/**
 * The form to sign with: the bare JWT when the receiver takes it (VCC's example sends it) or
 * takes neither; `Bearer <JWT>` when it takes only that. Both are sent at once.
 *
 * @example
 * const format = await signatureForm(target, key, 10_000); // 'jwt' | 'bearer'
 */
export async function signatureForm(
  target: ProbeTarget,
  key: Uint8Array,
  deadlineMs: number,
): Promise<SignatureFormat> {
  const [bare, bearer] = await Promise.all(
    (['jwt', 'bearer'] as const).map((format) =>
      target.send(notificationRequest(oneNotification(), `form-${format}`, { key, format })),
    ),
  );
  if (bare && accepted(bare, deadlineMs)) return 'jwt';
  return bearer && accepted(bearer, deadlineMs) ? 'bearer' : 'jwt';
}

/**
 * Why a TCP connection to the URL's host and port cannot be made (`ECONNREFUSED`, `ENOTFOUND`,
 * `ETIMEDOUT` after `timeoutMs`), or undefined when it can.
 *
 * @example
 * await connectError('http://127.0.0.1:9/webhook', 10_000) // 'ECONNREFUSED'
 */
export function connectError(url: string, timeoutMs: number): Promise<string | undefined> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (error: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(error);
    };
    const timer = setTimeout(() => done('ETIMEDOUT'), timeoutMs);
    socket.once('connect', () => done(undefined));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}

/** The one line for a target that takes no connection. */
export function cannotConnect(url: string, error: string): string {
  return `cannot connect to ${url} (${error}): is the receiver running?`;
}
