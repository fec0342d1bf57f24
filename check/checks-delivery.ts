/**
 * The checks of VCC's delivery contract that a receiver passes by answering 200-205:
 * every documented type, duplicates, reordering, the hang-up pair's race, and what VCC may add.
 */
import { type Notification, serializeNotification } from '../generator/index.js';
import { allAccepted, type CheckContext } from './grading.js';
import { channelLife, everyV0Type, hangUpPair, oneNotification } from './material.js';
import { notificationRequest, signedBody } from './tokens.js';
import type { CheckResult, Exchange } from './types.js';

/** `accepts-every-type`: one of each documented v0 type, one after the other. */
export async function acceptsEveryType(ctx: CheckContext): Promise<CheckResult> {
  const evidence: Exchange[] = [];
  for (const n of everyV0Type())
    evidence.push(await ctx.target.send(notificationRequest(n, n.type, ctx.signing)));
  return allAccepted(
    'accepts-every-type',
    evidence,
    ctx,
    `${evidence.length} documented v0 types${ctx.key ? ', signed,' : ''} each accepted (200-205)`,
  );
}

/** `duplicates`: one notification, again, then three copies at once. */
export async function duplicates(ctx: CheckContext): Promise<CheckResult> {
  const n = oneNotification();
  const send = (i: number) => ctx.target.send(notificationRequest(n, `copy ${i}`, ctx.signing));
  const evidence = [await send(1), await send(2)];
  evidence.push(...(await Promise.all([send(3), send(4), send(5)])));
  return allAccepted(
    'duplicates',
    evidence,
    ctx,
    '5 deliveries of one notification (same id and source; 3 at once): 2xx each',
  );
}

/** `out-of-order`: an agent channel's life in reverse, `ended` first. */
export async function outOfOrder(ctx: CheckContext): Promise<CheckResult> {
  const life = channelLife().reverse();
  const evidence: Exchange[] = [];
  for (const [i, n] of life.entries())
    evidence.push(
      await ctx.target.send(notificationRequest(n, `#${i + 1} ${n.type}`, ctx.signing)),
    );
  return allAccepted(
    'out-of-order',
    evidence,
    ctx,
    `one channel's ${life.length} notifications in reverse (ended before connected): 2xx each`,
  );
}

/** How many hang-up pairs `pair-race` sends. */
const PAIRS = 20;

/** `pair-race`: a hang-up's disconnected and wrapstarted at once, on two connections, 20 times. */
export async function pairRace(ctx: CheckContext): Promise<CheckResult> {
  const evidence: Exchange[] = [];
  for (let i = 1; i <= PAIRS; i++) {
    const [d, w] = hangUpPair();
    evidence.push(
      ...(await Promise.all([
        ctx.target.send(notificationRequest(d, `pair ${i} disconnected`, ctx.signing)),
        ctx.target.send(notificationRequest(w, `pair ${i} wrapstarted`, ctx.signing)),
      ])),
    );
  }
  return allAccepted(
    'pair-race',
    evidence,
    ctx,
    `${PAIRS} hang-ups, disconnected + wrapstarted at once on two connections: 2xx both`,
  );
}

/** A notification with what VCC may add: a field in `data`, a new type, the `.v1` of a type. */
function futureShapes(): Array<{ probe: string; body: string; sent: string }> {
  const withField = oneNotification();
  const extra = JSON.parse(serializeNotification(withField)) as { data: Record<string, unknown> };
  extra.data['addedLater'] = { note: 'a field VCC may add' };
  const newType = {
    ...oneNotification(),
    type: 'channel.transcribed.v0',
  } as unknown as Notification;
  const v1 = { ...oneNotification(), type: 'channel.connected.v1' } as Notification;
  return [
    {
      probe: 'unknown-field',
      body: JSON.stringify(extra),
      sent: 'channel.connected.v0 with data.addedLater',
    },
    {
      probe: 'unknown-type',
      body: serializeNotification(newType),
      sent: 'channel.transcribed.v0 (no such type yet)',
    },
    { probe: 'v1-type', body: serializeNotification(v1), sent: 'channel.connected.v1' },
  ];
}

/** `forward-compatible`: an unknown field, an unknown type, a `.v1` type: not refused. */
export async function forwardCompatible(ctx: CheckContext): Promise<CheckResult> {
  const evidence: Exchange[] = [];
  for (const f of futureShapes())
    evidence.push(await ctx.target.send(signedBody(f.body, f.probe, ctx.signing, f.sent)));
  const result = allAccepted(
    'forward-compatible',
    evidence,
    ctx,
    'an unknown field in data, an unknown type and a .v1 type: 2xx each',
  );
  if (result.verdict === 'fail')
    result.summary += ' (a 4xx here is a retry storm the day VCC adds a type or a field)';
  return result;
}
