/**
 * `bad-input`: what a receiver cannot understand is refused with a 4xx, never a 5xx or silence
 * (VCC would retry it for 24 hours), and the receiver still answers the next valid notification.
 */
import { serializeNotification } from '../generator/index.js';
import { malformRequest } from '../scenarios/index.js';
import {
  accepted,
  answerText,
  type CheckContext,
  connectionFailed,
  couldNotConnect,
  worst,
} from './grading.js';
import { NOT_SENT } from './guard.js';
import { oneNotification } from './material.js';
import { notificationRequest, signedBody } from './tokens.js';
import type { CheckResult, Exchange, Verdict } from './types.js';

/** The body limit the oversized probe passes: 1 MiB (a VCC notification is under 1 KiB). */
const OVERSIZED_BYTES = 1024 * 1024;

interface BadBody {
  probe: string;
  sent: string;
  body: string;
  contentType?: string;
  /** Any non-5xx passes (the body is valid; only its content type is wrong). */
  lenient?: boolean;
}

function badBodies(): BadBody[] {
  const json = JSON.parse(serializeNotification(oneNotification())) as Record<string, unknown>;
  delete json['id'];
  delete json['source'];
  delete json['specversion'];
  return [
    {
      probe: 'malformed-json',
      sent: 'a notification cut in half',
      body: malformRequest(oneNotification(), 'bad-json').body,
    },
    { probe: 'null', sent: 'the JSON null', body: 'null' },
    {
      probe: 'missing-attributes',
      sent: 'no id, source or specversion',
      body: JSON.stringify(json),
    },
    {
      probe: 'oversized',
      sent: `a valid notification padded to ${OVERSIZED_BYTES + 1} bytes`,
      body: malformRequest(oneNotification(), 'oversized-body', { maxBodyBytes: OVERSIZED_BYTES })
        .body,
    },
    {
      probe: 'wrong-content-type',
      sent: 'a valid notification as text/plain',
      body: serializeNotification(oneNotification()),
      contentType: 'text/plain',
      lenient: true,
    },
  ];
}

function grade(x: Exchange, lenient: boolean): Verdict {
  const s = x.status;
  if (s === undefined || s >= 500) return 'fail';
  if (lenient) return 'pass';
  return s >= 400 && s < 500 ? 'pass' : 'warn';
}

function summarize(evidence: Exchange[], verdict: Verdict): string {
  if (verdict === 'pass')
    return '5 bad bodies refused with 4xx (or taken, for the wrong content type); valid notifications still accepted after each';
  const bad = evidence.filter((x) => x.verdict === verdict && x.error !== NOT_SENT);
  const unreachable = couldNotConnect(evidence);
  if (unreachable && bad.length > 0 && bad.every(connectionFailed)) return unreachable;
  const named = bad.slice(0, 3).map((x) => `${x.probe} (${x.sent}) got ${answerText(x)}`);
  // The 5xx sentence only when a 5xx or no answer is among them: a fail by 4xx is a valid one refused.
  const storm = bad.some((x) => x.status === undefined || x.status >= 500);
  const why =
    verdict !== 'fail'
      ? ': a 2xx to a body it cannot have understood'
      : storm
        ? ': a 5xx or no answer is retried by VCC for 24 hours'
        : ': VCC retries anything but 200-205 for 24 hours';
  return `${named.join('; ')}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''}${why}`;
}

/** `bad-input`. */
export async function badInput(ctx: CheckContext): Promise<CheckResult> {
  const evidence: Exchange[] = [];
  for (const b of badBodies()) {
    const req = signedBody(b.body, b.probe, ctx.signing, b.sent, b.contentType);
    const x = await ctx.target.send(req);
    x.verdict = grade(x, b.lenient === true);
    evidence.push(x);
    const after = await ctx.target.send(
      notificationRequest(oneNotification(), `valid after ${b.probe}`, ctx.signing),
    );
    after.verdict = accepted(after, ctx.deadlineMs) ? 'pass' : 'fail';
    evidence.push(after);
  }
  const verdict = worst(evidence.map((x) => x.verdict ?? 'pass'));
  return { id: 'bad-input', verdict, summary: summarize(evidence, verdict), evidence };
}
