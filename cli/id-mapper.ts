/**
 * Keyed pseudonyms of a stream's identifiers, consistent across the stream: the same input id
 * always maps to the same output id under one key, and each keeps its kind. An agentId stays a
 * numeric string, a GUID a (version 4) GUID, a KSUID a KSUID re-minted with its own timestamp
 * (moved by the stream's shift, so `id-time` still holds). HMAC-SHA256 of the key: without the key
 * a pseudonym cannot be traced back. `vcc-sim anonymise` and `--scale`'s copies use it.
 */
import { createHmac } from 'node:crypto';
import { decodeKsuid, encodeKsuidBytes } from '../generator/notifications/ksuid.js';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DIGITS = /^\d+$/;

/** Whether a text is a GUID (any version, either case). */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/** Whether a text is a numeric id (an agentId). */
export function isNumericId(text: string): boolean {
  return DIGITS.test(text);
}

/**
 * Pseudonyms under one key. `takenAgents`, when given, is shared by mappers that must not hand
 * out the same agentId (`--scale`'s copies of one capture).
 *
 * @example
 * const m = new IdMapper('my key');
 * m.guid('a48b7a7d-47b6-4a58-914b-c7fcb166bf05') // another GUID, the same every time
 */
export class IdMapper {
  private readonly guids = new Map<string, string>();
  private readonly agents = new Map<string, string>();
  private readonly ksuids = new Map<string, string>();

  constructor(
    private readonly key: string | Uint8Array,
    private readonly shiftMs = 0,
    private readonly takenAgents = new Set<string>(),
  ) {}

  private digest(kind: string, text: string): Buffer {
    return createHmac('sha256', this.key).update(`${kind}\u0000${text}`).digest();
  }

  /** A GUID's pseudonym: a version 4 GUID, lower case. */
  guid(id: string): string {
    const key = id.toLowerCase();
    let out = this.guids.get(key);
    if (out === undefined) {
      const b = this.digest('guid', key);
      b[6] = ((b[6] as number) & 0x0f) | 0x40;
      b[8] = ((b[8] as number) & 0x3f) | 0x80;
      const h = b.subarray(0, 16).toString('hex');
      out = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      this.guids.set(key, out);
    }
    return out;
  }

  /**
   * An agentId's pseudonym: nine digits, never one another agentId of this mapper (or of the
   * mappers sharing `takenAgents`) has.
   */
  agent(id: string): string {
    let out = this.agents.get(id);
    if (out !== undefined) return out;
    for (let round = 0; out === undefined || this.takenAgents.has(out); round++)
      out = String(100_000_000 + (this.digest(`agent${round}`, id).readUInt32BE(0) % 900_000_000));
    this.takenAgents.add(out);
    this.agents.set(id, out);
    return out;
  }

  /** A KSUID's pseudonym: its timestamp (moved by the shift), a keyed payload. */
  ksuid(id: string): string {
    let out = this.ksuids.get(id);
    if (out === undefined) {
      const decoded = decodeKsuid(id);
      if (!decoded) return this.opaque(id);
      out = encodeKsuidBytes(
        decoded.timeMs + this.shiftMs,
        this.digest('ksuid', id).subarray(0, 16),
      );
      this.ksuids.set(id, out);
    }
    return out;
  }

  /** Any other identifier: a GUID's or an agentId's pseudonym when it is one, else a keyed token. */
  opaque(id: string): string {
    if (isGuid(id)) return this.guid(id);
    if (isNumericId(id)) return this.agent(id);
    return `x${this.digest('opaque', id).subarray(0, 10).toString('hex')}`;
  }
}
