/**
 * How deep a JSON text nests, read before it is parsed: a body of a million brackets costs the
 * parser and the validator a second of CPU each time it is sent, and no notification nests more
 * than a few levels.
 */

/** The deepest nesting the receiver parses: a batch of VCC events nests 5 levels. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * Whether the JSON text nests arrays and objects deeper than `max` (brackets inside strings are
 * text). One pass over the bytes, stopping as soon as the limit is passed.
 *
 * @example
 * nestsDeeperThan(Buffer.from('[[[]]]'), 2) // true
 */
export function nestsDeeperThan(raw: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return false;
}
