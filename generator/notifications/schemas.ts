/**
 * JSON Schemas (draft 2020-12) for every notification type: the wire contract. The build writes
 * them to `dist/schemas/<type>.json`; `validate`, the receiver and the tests use them.
 */
import { EVENTS_WITH_REASON, NOTIFICATION_TYPES, type NotificationType } from './event-types.js';
import { parseType } from './notification.js';

/**
 * A JSON Schema object (draft 2020-12).
 *
 * @example
 * const schema: JsonSchema = schemaFor('channel.ended.v0');
 */
export type JsonSchema = Record<string, unknown>;

const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const UTC = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$';
const KSUID = '^[0-9A-Za-z]{27}$';

const guid = { type: 'string', pattern: GUID };
const utc = { type: 'string', pattern: UTC };

const party = {
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: {
    role: { enum: ['external', 'agent', 'monitor', 'voicemail'] },
    agentId: { type: 'string', minLength: 1 },
    userId: guid,
  },
  allOf: [
    {
      if: { properties: { role: { enum: ['agent', 'monitor'] } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
      then: { required: ['role', 'agentId', 'userId'] },
    },
  ],
};

/** Only agent channels enter wrap: a `channel.wrapstarted` names its agent. */
const agentParty = {
  type: 'object',
  additionalProperties: false,
  required: ['role', 'agentId', 'userId'],
  properties: { role: { const: 'agent' }, agentId: { type: 'string', minLength: 1 }, userId: guid },
};

function channelOf(partySchema: Record<string, unknown>) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['conversationId', 'interactionId', 'channelId', 'party'],
    properties: { conversationId: guid, interactionId: guid, channelId: guid, party: partySchema },
  };
}

/**
 * The schema of one notification type.
 *
 * @example
 * schemaFor('channel.wrapstarted.v0').properties.type // { const: 'channel.wrapstarted.v0' }
 */
export function schemaFor(
  type: NotificationType,
): JsonSchema & { properties: Record<string, unknown> } {
  const parsed = parseType(type);
  if (!parsed) throw new Error(`not a notification type: ${type}`);
  const isChannel = parsed.entity === 'channel';
  const data = isChannel
    ? {
        type: 'object',
        additionalProperties: false,
        required: EVENTS_WITH_REASON.has(parsed.event)
          ? ['timestamp', 'reason', 'channel']
          : ['timestamp', 'channel'],
        properties: {
          timestamp: utc,
          channel: channelOf(parsed.event === 'wrapstarted' ? agentParty : party),
          ...(EVENTS_WITH_REASON.has(parsed.event) || parsed.event === 'disconnected'
            ? { reason: { type: 'string', minLength: 1 } }
            : {}),
        },
      }
    : {
        type: 'object',
        additionalProperties: false,
        required: ['timestamp', 'presence', 'user'],
        properties: {
          timestamp: utc,
          presence: {
            type: 'object',
            additionalProperties: false,
            required: ['presenceId', 'category', 'description'],
            properties: {
              presenceId: guid,
              category: {
                type: 'object',
                additionalProperties: false,
                required: ['type', 'description', 'subcategory'],
                properties: {
                  type: { type: 'string' },
                  description: { type: 'string' },
                  subcategory: { type: 'string' },
                },
              },
              description: { type: 'string' },
            },
          },
          user: {
            type: 'object',
            additionalProperties: false,
            required: ['agentId', 'userId'],
            properties: { agentId: { type: 'string', minLength: 1 }, userId: guid },
          },
        },
      };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    // No $id: VCC publishes no schemas, so there is no URL to name; these are vcc-event-sim's,
    // written from VCC's documentation, shipped as `vcc-event-sim/schemas/<type>.json`.
    $comment: `vcc-event-sim's schema of ${type}, from VCC's documentation: vcc-event-sim/schemas/${type}.json`,
    title: type,
    type: 'object',
    required: ['specversion', 'type', 'id', 'source', 'subject', 'time', 'datacontenttype', 'data'],
    // CloudEvents extension attributes (lowercase a-z0-9) are allowed on the envelope.
    propertyNames: { pattern: '^[a-z0-9]{1,20}$' },
    properties: {
      specversion: { const: '1.0' },
      type: { const: type },
      id: { type: 'string', pattern: KSUID },
      source: { const: isChannel ? '/channel' : '/agent' },
      subject: isChannel ? guid : { type: 'string', minLength: 1 },
      time: utc,
      datacontenttype: { const: 'application/json' },
      data,
    },
  };
}

/**
 * Every notification type's schema, keyed by type (also shipped as files:
 * `vcc-event-sim/schemas/<type>.json`).
 *
 * @example
 * for (const [type, schema] of Object.entries(allSchemas())) ajv.addSchema(schema, type);
 */
export function allSchemas(): Record<NotificationType, JsonSchema> {
  return Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, schemaFor(t)])) as unknown as Record<
    NotificationType,
    JsonSchema
  >;
}
