import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { NOTIFICATION_TYPES, type NotificationType } from './event-types.js';
import type { Notification } from './notification.js';
import { schemaFor } from './schemas.js';

/**
 * The result of checking one value against the schemas.
 *
 * @example
 * const r: SchemaCheck = checkNotification(value);
 * if (r.ok) handle(r.notification); else console.error(r.errors);
 */
export type SchemaCheck =
  | { ok: true; notification: Notification }
  | { ok: false; errors: string[] };

let validators: Map<string, ValidateFunction> | undefined;

function compiled(): Map<string, ValidateFunction> {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    validators = new Map(NOTIFICATION_TYPES.map((t) => [t, ajv.compile(schemaFor(t))]));
  }
  return validators;
}

/** Compiles every schema now rather than on the first check (a server does it at start). */
export function compileSchemas(): void {
  compiled();
}

/**
 * Checks a parsed JSON value against the schema of the type it names. Errors read as
 * `data.channel.party.agentId: must have required property` lines.
 *
 * @example
 * const r = checkNotification(JSON.parse(line));
 * if (!r.ok) console.error(r.errors.join('; '));
 */
export function checkNotification(value: unknown): SchemaCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: ['a notification must be a JSON object'] };
  }
  const type = (value as { type?: unknown }).type;
  const validate = typeof type === 'string' ? compiled().get(type) : undefined;
  if (!validate) {
    return {
      ok: false,
      errors: [
        typeof type === 'string'
          ? `unknown type "${type}"`
          : 'missing "type" (a notification type such as "channel.wrapstarted.v0")',
      ],
    };
  }
  if (validate(value)) return { ok: true, notification: value as Notification };
  return {
    ok: false,
    errors: (validate.errors ?? []).map((e) => {
      const at = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : '(root)';
      const extra =
        e.keyword === 'additionalProperties' ? ` "${String(e.params['additionalProperty'])}"` : '';
      const missing = e.keyword === 'required' ? ` "${String(e.params['missingProperty'])}"` : '';
      return `${at}: ${e.message ?? e.keyword}${extra}${missing}`;
    }),
  };
}

/**
 * True for a type the schemas know (narrows to {@link NotificationType}).
 *
 * @example
 * isKnownType('channel.wrapstarted.v0') // true
 * isKnownType('channel.wrapended.v0') // false
 */
export function isKnownType(type: string): type is NotificationType {
  return compiled().has(type);
}
