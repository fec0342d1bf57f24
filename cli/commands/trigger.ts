import { randomBytes, randomUUID } from 'node:crypto';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { SimError } from '../../generator/errors.js';
import {
  NOTIFICATION_TYPES,
  type NotificationType,
} from '../../generator/notifications/event-types.js';
import { encodeKsuid } from '../../generator/notifications/ksuid.js';
import type { Notification } from '../../generator/notifications/notification.js';
import { isKnownType } from '../../generator/notifications/schema-validator.js';
import { hangUp, notification } from '../../mocks/fixtures.js';
import { type RunningReceiver, startReceiver } from '../../receiver/index.js';
import { DEFAULT_RETRY } from '../../scenarios/index.js';
import { type DeliveryMode, deliver, type EventOutcome } from '../../sender/index.js';
import { type SignatureFormat, secretKey } from '../../wire/index.js';
import { EXIT } from '../cli-error.js';
import { flagError } from '../flag-checks.js';
import { jsonSummary } from '../json-summary.js';
import { parseHeaders, resolveSecret, SECRET_ENV } from './shared-options.js';

/** `hang-up`: the agent's disconnected/wrapstarted pair, as VCC sends it when an agent hangs up. */
const HANG_UP = 'hang-up';

function builder(y: Argv) {
  return y
    .positional('event', {
      type: 'string',
      describe: `A notification type (e.g. channel.wrapstarted.v0, or wrapstarted for its v0) or "${HANG_UP}" (the disconnected/wrapstarted pair)`,
    })
    .option('target', {
      type: 'string',
      describe: 'Webhook URL; without it the built-in receiver runs on a free loopback port',
    })
    .option('secret', {
      type: 'string',
      describe: 'Base64 subscription secret: sign the request (Vonage-Signature), as fire does',
      defaultDescription: `$${SECRET_ENV} when set`,
    })
    .option('signature-format', {
      choices: ['jwt', 'bearer'] as const,
      default: 'jwt' as SignatureFormat,
      describe: 'Vonage-Signature as the bare JWT or "Bearer <JWT>"',
    })
    .option('mode', {
      choices: ['structured', 'binary', 'batch'] as const,
      default: 'structured' as DeliveryMode,
      describe: 'structured (as VCC sends), binary (ce-* headers) or batch',
    })
    .option('agent-id', { type: 'string', describe: "The agent's id in the event (digits)" })
    .option('header', {
      type: 'string',
      array: true,
      describe: "Extra header on the request, 'Name: value'",
    })
    .option('bearer', { type: 'string', describe: 'Send Authorization: Bearer TOKEN' })
    .option('timeout', {
      type: 'number',
      default: 10_000,
      describe: 'No answer within this many ms is a failure',
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print what was sent and the answers as JSON',
    })
    .example('$0 trigger hang-up', "An agent's hang-up pair to the built-in receiver")
    .example(
      '$0 trigger channel.ended.v0 --target http://127.0.0.1:3000/vcc --secret "$SECRET"',
      'One signed notification to your receiver',
    );
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

/**
 * The notifications `trigger EVENT` sends: one of the type named, or the hang-up pair, built by
 * the fixtures for a fresh channel at `nowMs` (phase start half a second before), each with a
 * fresh KSUID: a receiver that dedupes sees a new event every time, as it would from VCC.
 */
export function triggerEvents(event: string, nowMs: number, agentId?: string): Notification[] {
  const overrides = {
    ...(agentId !== undefined ? { agentId } : {}),
    channelId: randomUUID(),
    timestamp: nowMs - 500,
  };
  const type = isKnownType(event) ? event : `channel.${event}.v0`;
  if (event !== HANG_UP && !isKnownType(type))
    throw new SimError(
      'usage',
      `<event> ${JSON.stringify(event)}: not a notification type: give "${HANG_UP}" or one of ${NOTIFICATION_TYPES.filter((t) => t.endsWith('.v0')).join(', ')} (or its v1).`,
    );
  const built =
    event === HANG_UP
      ? hangUp(overrides)
      : [notification(type as NotificationType, overrides) as Notification];
  return built.map((n) => {
    const payload = randomBytes(16);
    const id = encodeKsuid(
      nowMs,
      payload.readUInt32BE(0),
      payload.readUInt32BE(4),
      payload.readUInt32BE(8),
      payload.readUInt32BE(12),
    );
    return { ...n, id } as Notification;
  });
}

async function handler(argv: Args): Promise<void> {
  if (argv.agentId !== undefined && !/^\d+$/.test(argv.agentId))
    throw flagError('agent-id', argv.agentId, 'an agent id is digits, e.g. "1544"');
  if (!(argv.timeout > 0)) throw flagError('timeout', String(argv.timeout), 'give ms above 0');
  // --secret, else VCC_SIM_SECRET (as fire reads it); an empty one is an error, not unsigned.
  const secret = resolveSecret(argv);
  if (secret !== undefined) secretKey(secret);
  const events = triggerEvents(argv.event as string, Date.now(), argv.agentId);
  const headers = parseHeaders(argv.header, argv.bearer);
  let receiver: RunningReceiver | undefined;
  let target = argv.target;
  if (target === undefined) {
    receiver = await startReceiver({
      port: 0,
      ...(secret !== undefined ? { secret } : {}),
    });
    target = receiver.url;
  }
  const outcomes = new Map<string, EventOutcome>();
  try {
    await deliver(events, {
      target,
      mode: argv.mode as DeliveryMode,
      concurrency: 2,
      pace: { max: true },
      // One attempt: the answer is what is shown (fire retries as VCC does).
      maxAttempts: 1,
      retry: { ...DEFAULT_RETRY, timeoutMs: argv.timeout },
      headers,
      signatureFormat: argv.signatureFormat as SignatureFormat,
      ...(secret !== undefined ? { secret } : {}),
      onOutcome: (o) => outcomes.set(o.id, o),
    });
  } finally {
    await receiver?.close();
  }
  const sent = events.map((e) => describeSent(e, outcomes.get(e.id)));
  const ok = sent.every((s) => s.outcome === 'delivered');
  const exitCode = ok ? EXIT.ok : EXIT.failed;
  if (argv.json) {
    process.stdout.write(
      jsonSummary('trigger', exitCode, { target, builtIn: receiver !== undefined, sent }),
    );
  } else {
    process.stdout.write(triggerText(target, receiver !== undefined, sent, secret));
  }
  process.exitCode = exitCode;
}

/** One sent notification and its answer. */
interface Sent {
  type: string;
  id: string;
  subject: string | undefined;
  time: string;
  outcome: string;
  status?: number;
  error?: string;
  latencyMs?: number;
}

function describeSent(e: Notification, o: EventOutcome | undefined): Sent {
  return {
    type: e.type,
    id: e.id,
    subject: e.subject,
    time: e.time,
    outcome: o?.outcome ?? 'not-sent',
    ...(o?.status !== undefined ? { status: o.status } : {}),
    ...(o?.error !== undefined ? { error: o.error } : {}),
    ...(o?.latencyMs !== undefined ? { latencyMs: Math.round(o.latencyMs) } : {}),
  };
}

function triggerText(
  target: string,
  builtIn: boolean,
  sent: readonly Sent[],
  secret: string | undefined,
): string {
  let text = `-> ${target}${builtIn ? ' (built-in receiver)' : ''}, ${secret !== undefined ? 'signed' : 'unsigned'}\n`;
  for (const s of sent) {
    const answer =
      s.status !== undefined ? `${s.status}` : s.error !== undefined ? s.error : 'no answer';
    text += `${s.type}  id ${s.id}  subject ${s.subject ?? '-'}\n`;
    text += `  answer ${answer}${s.latencyMs !== undefined ? ` in ${s.latencyMs} ms` : ''}: ${s.outcome}\n`;
  }
  text += sent.every((s) => s.outcome === 'delivered') ? 'ok\n' : 'FAILED\n';
  return text;
}

/** `vcc-sim trigger`: send one named notification (or the hang-up pair), like `stripe trigger`. */
export const triggerCommand: CommandModule<object, Args> = {
  command: 'trigger <event>',
  describe: 'Send one named notification, or an agent hang-up pair, and show the answer',
  builder: builder as never,
  handler,
};
