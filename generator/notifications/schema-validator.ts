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

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();
const KNOWN: ReadonlySet<string> = new Set(NOTIFICATION_TYPES);

/** The type's validator, compiled on its first use (one schema, not all 26: the first check is cheap). */
function validatorFor(type: string): ValidateFunction | undefined {
  let validate = validators.get(type);
  if (!validate && KNOWN.has(type)) {
    // Our own schemas, checked against the draft 2020-12 meta-schema by test/schemas.test.ts:
    // not again here, which would compile the meta-schema on the first check (~300 ms).
    ajv ??= new Ajv2020({ allErrors: true, strict: false, validateSchema: false });
    validate = ajv.compile(schemaFor(type as NotificationType));
    validators.set(type, validate);
  }
  return validate;
}

/** Compiles every schema now rather than each on its first check (a server does it at start). */
export function compileSchemas(): void {
  for (const type of NOTIFICATION_TYPES) validatorFor(type);
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
  const validate = typeof type === 'string' ? validatorFor(type) : undefined;
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
  return KNOWN.has(type);
}
