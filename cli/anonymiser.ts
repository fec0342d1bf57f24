/**
 * `vcc-sim anonymise`'s rewrite of one event: only the fields of its type's JSON Schema pass
 * (anything else is dropped and counted), every identifier becomes its keyed pseudonym
 * (`id-mapper.ts`), a presence's free text becomes the simulator's catalog's for its category,
 * a `reason` that is not a code word is replaced, and every time moves by the stream's shift.
 * What the KPIs read (types, times, roles, presence categories, which ids are the same) is kept,
 * so `vcc-sim report` of the output is the report of the input.
 */
import type { Notification } from '../generator/notifications/notification.js';
import { isKnownType } from '../generator/notifications/schema-validator.js';
import { schemaFor } from '../generator/notifications/schemas.js';
import { presenceCatalog } from '../generator/simulation/roster.js';
import { IdMapper, isGuid } from './id-mapper.js';

const TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?Z$/;
/** A code word (`released`, `abandoned`, `readyInbound`): kept; anything else is free text. */
const CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;
const WEEK_MS = 7 * 86_400_000;

/**
 * A timestamp moved by `shiftMs` (whole seconds), its fractional digits kept as written.
 *
 * @example
 * shiftTime('2026-01-05T08:00:00.1234567Z', 604_800_000) // '2026-01-12T08:00:00.1234567Z'
 */
export function shiftTime(text: string, shiftMs: number): string {
  if (shiftMs === 0) return text;
  const m = TIME.exec(text);
  if (!m) return text;
  const at = Date.parse(`${m[1]}Z`) + shiftMs;
  return `${new Date(at).toISOString().slice(0, 19)}${m[2] ?? ''}Z`;
}

/**
 * The shift `--shift-to` asks for: whole weeks (so weekdays and hours stay), the number that
 * brings the stream's first event nearest to `to`.
 *
 * @example
 * weeksShift(Date.parse('2025-03-03T08:00:00Z'), Date.parse('2026-01-05T00:00:00Z')) // 44 weeks
 */
export function weeksShift(firstMs: number, toMs: number): number {
  return Math.round((toMs - firstMs) / WEEK_MS) * WEEK_MS;
}

type Schema = { properties?: Record<string, Schema>; const?: unknown; enum?: unknown[] };

/** The catalog's presences by category, for a presence's free text. */
const CATALOG = presenceCatalog('anonymise');

/**
 * Rewrites events one at a time, counting what it dropped or replaced.
 *
 * @example
 * const a = new Anonymiser('my key', 0);
 * const out = a.event(notification); // undefined when its type has no schema (counted)
 */
export class Anonymiser {
  readonly ids: IdMapper;
  /** Fields dropped (not in the schema), by path. */
  readonly dropped = new Map<string, number>();
  /** Events of a type with no schema, by type: dropped whole. */
  readonly unknownTypes = new Map<string, number>();
  /** Free text replaced, by path. */
  readonly replaced = new Map<string, number>();

  constructor(
    key: string | Uint8Array,
    readonly shiftMs: number,
  ) {
    this.ids = new IdMapper(key, shiftMs);
  }

  /** The event rewritten, or undefined when its type has no schema (then it is counted). */
  event(e: Notification): Notification | undefined {
    const type = String((e as { type?: unknown }).type);
    if (!isKnownType(type)) {
      this.unknownTypes.set(type, (this.unknownTypes.get(type) ?? 0) + 1);
      return undefined;
    }
    return this.object(e, schemaFor(type) as Schema, '') as unknown as Notification;
  }

  private count(map: Map<string, number>, path: string): void {
    map.set(path, (map.get(path) ?? 0) + 1);
  }

  private object(value: object, schema: Schema, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const props = schema.properties ?? {};
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      const s = props[k];
      if (s === undefined) this.count(this.dropped, at);
      else if (k === 'presence' && typeof v === 'object' && v !== null) out[k] = this.presence(v);
      else out[k] = this.value(k, v, s, at);
    }
    return out;
  }

  private value(key: string, v: unknown, schema: Schema, path: string): unknown {
    if (typeof v === 'object' && v !== null && !Array.isArray(v))
      return this.object(v, schema, path);
    if (typeof v !== 'string' || schema.const !== undefined || schema.enum !== undefined) return v;
    if (path === 'id') return this.ids.ksuid(v);
    if (key === 'time' || key === 'timestamp') return shiftTime(v, this.shiftMs);
    if (key === 'agentId' || key === 'subject' || isGuid(v)) return this.ids.opaque(v);
    if (CODE.test(v)) return v;
    this.count(this.replaced, path);
    return 'redacted';
  }

  /** A presence: its id a pseudonym, its texts the catalog's for its category. */
  private presence(p: {
    presenceId?: unknown;
    category?: { type?: unknown; subcategory?: unknown };
  }): Record<string, unknown> {
    const type = String(p.category?.type ?? '');
    const sub = String(p.category?.subcategory ?? '');
    const known = Object.values(CATALOG).find(
      (c) => c.category.type === type && c.category.subcategory === sub,
    );
    const of = Object.values(CATALOG).find((c) => c.category.type === type);
    const model = known ?? of;
    const code = CODE.test(type) ? type : 'away';
    if (!CODE.test(type)) this.count(this.replaced, 'data.presence.category.type');
    return {
      presenceId: typeof p.presenceId === 'string' ? this.ids.opaque(p.presenceId) : p.presenceId,
      category: model
        ? { ...model.category }
        : { type: code, description: code, subcategory: code },
      description: model ? model.description : code,
    };
  }

  /** What was dropped or replaced, as lines for stderr (none when nothing was). */
  notes(): string[] {
    const list = (m: Map<string, number>) => [...m].map(([k, n]) => `${k} x${n}`).join(', ');
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const out: string[] = [];
    if (this.dropped.size > 0)
      out.push(
        `dropped ${sum(this.dropped)} fields not in their event's schema: ${list(this.dropped)}`,
      );
    if (this.unknownTypes.size > 0)
      out.push(
        `dropped ${sum(this.unknownTypes)} events of types with no schema: ${list(this.unknownTypes)}`,
      );
    if (this.replaced.size > 0)
      out.push(`replaced ${sum(this.replaced)} free texts with "redacted": ${list(this.replaced)}`);
    return out;
  }
}
