/**
 * A pure KSUID encoder (no Buffer, no crypto) so the same code runs in Node and in k6.
 * A KSUID is 20 bytes: a big-endian uint32 of seconds since the KSUID epoch (1.4e9 s after the
 * Unix epoch) followed by 16 payload bytes, written as 27 base62 characters.
 */

/**
 * Milliseconds from the Unix epoch to the KSUID epoch.
 *
 * @example
 * new Date(KSUID_EPOCH_MS).toISOString() // '2014-05-13T16:53:20.000Z'
 */
export const KSUID_EPOCH_MS = 14e11;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const TWO_32 = 4294967296;

/** Seconds since the KSUID epoch fit a uint32. */
const TIME_LIMIT_MS = TWO_32 * 1000;
const CHUNK = 62 * 62 * 62; // three base62 digits per division keeps every step below 2^53
/** The first of a chunk's three digits, by value. */
const HIGH: string[] = Array.from(ALPHABET);
/** The last two of a chunk's three digits, by value (0..3843). */
const LOW: string[] = Array.from(
  { length: 3844 },
  (_, i) => (ALPHABET[(i / 62) | 0] as string) + (ALPHABET[i % 62] as string),
);
const CODES: number[] = Array.from(ALPHABET, (c) => c.charCodeAt(0));
/** The 27 character codes of the KSUID being written by the JIT form. */
const digits: number[] = new Array<number>(27).fill(48);
/** Base62 digit values by character code (-1: not a digit). */
const DIGIT: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 62; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/**
 * {@link encodeKsuid} for an interpreter such as k6's (Sobek), which does `%` on integers natively
 * but pays for every other operation, call and concatenation.
 *
 * @example
 * encodeKsuidForInterpreter(Date.UTC(2023, 8, 20), 1, 2, 3, 4) === encodeKsuidForJit(Date.UTC(2023, 8, 20), 1, 2, 3, 4)
 */
export function encodeKsuidForInterpreter(
  timeMs: number,
  p0: number,
  p1: number,
  p2: number,
  p3: number,
): string {
  const sinceEpoch = timeMs - KSUID_EPOCH_MS;
  if (!(sinceEpoch >= 0 && sinceEpoch < TIME_LIMIT_MS)) throw outOfRange(timeMs);
  // Long division of the 160-bit number (five 32-bit limbs) by 62^3 into three-digit chunks c0..c8,
  // least significant first: unrolled, skipping limbs known to be 0, no Math.floor (`x % CHUNK`,
  // then an exact division), one template for the string: half the operations of the JIT form.
  let w0 = (sinceEpoch / 1000) >>> 0;
  let w1 = p0 >>> 0;
  let w2 = p1 >>> 0;
  let w3 = p2 >>> 0;
  let w4 = p3 >>> 0;
  let r = w0 % CHUNK;
  w0 = (w0 - r) / CHUNK;
  let acc = r * TWO_32 + w1;
  r = acc % CHUNK;
  w1 = (acc - r) / CHUNK;
  acc = r * TWO_32 + w2;
  r = acc % CHUNK;
  w2 = (acc - r) / CHUNK;
  acc = r * TWO_32 + w3;
  r = acc % CHUNK;
  w3 = (acc - r) / CHUNK;
  acc = r * TWO_32 + w4;
  r = acc % CHUNK;
  w4 = (acc - r) / CHUNK;
  const c0 = r;
  r = w0 % CHUNK;
  w0 = (w0 - r) / CHUNK;
  acc = r * TWO_32 + w1;
  r = acc % CHUNK;
  w1 = (acc - r) / CHUNK;
  acc = r * TWO_32 + w2;
  r = acc % CHUNK;
  w2 = (acc - r) / CHUNK;
  acc = r * TWO_32 + w3;
  r = acc % CHUNK;
  w3 = (acc - r) / CHUNK;
  acc = r * TWO_32 + w4;
  r = acc % CHUNK;
  w4 = (acc - r) / CHUNK;
  const c1 = r;
  // Below 2^124.3 now: w0 is 0.
  r = w1 % CHUNK;
  w1 = (w1 - r) / CHUNK;
  acc = r * TWO_32 + w2;
  r = acc % CHUNK;
  w2 = (acc - r) / CHUNK;
  acc = r * TWO_32 + w3;
  r = acc % CHUNK;
  w3 = (acc - r) / CHUNK;
  acc = r * TWO_32 + w4;
  r = acc % CHUNK;
  w4 = (acc - r) / CHUNK;
  const c2 = r;
  r = w1 % CHUNK;
  w1 = (w1 - r) / CHUNK;
  acc = r * TWO_32 + w2;
  r = acc % CHUNK;
  w2 = (acc - r) / CHUNK;
  acc = r * TWO_32 + w3;
  r = acc % CHUNK;
  w3 = (acc - r) / CHUNK;
  acc = r * TWO_32 + w4;
  r = acc % CHUNK;
  w4 = (acc - r) / CHUNK;
  const c3 = r;
  // Below 2^88.5: w1 is 0.
  r = w2 % CHUNK;
  w2 = (w2 - r) / CHUNK;
  acc = r * TWO_32 + w3;
  r = acc % CHUNK;
  w3 = (acc - r) / CHUNK;
  acc = r * TWO_32 + w4;
  r = acc % CHUNK;
  w4 = (acc - r) / CHUNK;
  const c4 = r;
  r = w2 % CHUNK;
  w2 = (w2 - r) / CHUNK;
  acc = r * TWO_32 + w3;
  r = acc % CHUNK;
  w3 = (acc - r) / CHUNK;
  acc = r * TWO_32 + w4;
  r = acc % CHUNK;
  w4 = (acc - r) / CHUNK;
  const c5 = r;
  // Below 2^52.8: w2 is 0 and one exact double holds the rest.
  let v = w3 * TWO_32 + w4;
  const c6 = v % CHUNK;
  v = (v - c6) / CHUNK;
  const c7 = v % CHUNK;
  const c8 = (v - c7) / CHUNK;
  return `${HIGH[(c8 / 3844) | 0]}${LOW[c8 % 3844]}${HIGH[(c7 / 3844) | 0]}${LOW[c7 % 3844]}${HIGH[(c6 / 3844) | 0]}${LOW[c6 % 3844]}${HIGH[(c5 / 3844) | 0]}${LOW[c5 % 3844]}${HIGH[(c4 / 3844) | 0]}${LOW[c4 % 3844]}${HIGH[(c3 / 3844) | 0]}${LOW[c3 % 3844]}${HIGH[(c2 / 3844) | 0]}${LOW[c2 % 3844]}${HIGH[(c1 / 3844) | 0]}${LOW[c1 % 3844]}${HIGH[(c0 / 3844) | 0]}${LOW[c0 % 3844]}`;
}

/**
 * {@link encodeKsuid} for an engine with a JIT (V8), where `/` and `>>> 0` are machine
 * instructions but `%` on numbers above 2^31 is a call.
 *
 * @example
 * encodeKsuidForJit(Date.UTC(2023, 8, 20), 1, 2, 3, 4) === encodeKsuidForInterpreter(Date.UTC(2023, 8, 20), 1, 2, 3, 4)
 */
export function encodeKsuidForJit(
  timeMs: number,
  p0: number,
  p1: number,
  p2: number,
  p3: number,
): string {
  const sinceEpoch = timeMs - KSUID_EPOCH_MS;
  if (!(sinceEpoch >= 0 && sinceEpoch < TIME_LIMIT_MS)) throw outOfRange(timeMs);
  let w0 = (sinceEpoch / 1000) >>> 0;
  let w1 = p0 >>> 0;
  let w2 = p1 >>> 0;
  let w3 = p2 >>> 0;
  let w4 = p3 >>> 0;
  // Long division of the 160-bit number by 62^3, nine times: three digits each, least significant
  // first. Every quotient is >= 0 and < 2^32, so `>>> 0` floors it.
  for (let i = 26; i > 0; i -= 3) {
    let acc = w0;
    let q = (acc / CHUNK) >>> 0;
    let rem = acc - q * CHUNK;
    w0 = q;
    acc = rem * TWO_32 + w1;
    q = (acc / CHUNK) >>> 0;
    rem = acc - q * CHUNK;
    w1 = q;
    acc = rem * TWO_32 + w2;
    q = (acc / CHUNK) >>> 0;
    rem = acc - q * CHUNK;
    w2 = q;
    acc = rem * TWO_32 + w3;
    q = (acc / CHUNK) >>> 0;
    rem = acc - q * CHUNK;
    w3 = q;
    acc = rem * TWO_32 + w4;
    q = (acc / CHUNK) >>> 0;
    rem = acc - q * CHUNK;
    w4 = q;
    const a = (rem / 3844) | 0;
    const r2 = rem - a * 3844;
    const b = (r2 / 62) | 0;
    digits[i] = CODES[r2 - b * 62] as number;
    digits[i - 1] = CODES[b] as number;
    digits[i - 2] = CODES[a] as number;
  }
  return String.fromCharCode.apply(null, digits);
}

/**
 * Encodes a KSUID from its time (ms since the Unix epoch; whole seconds are kept) and its
 * payload as four unsigned 32-bit words (the 16 payload bytes, big-endian). Each engine gets the
 * form that is cheap on it (the interpreter form costs twice as much on V8, the JIT form 1.4x on
 * k6); V8 is recognised by its `Error.captureStackTrace`.
 *
 * @example
 * encodeKsuid(Date.UTC(2023, 8, 20), 0x01020304, 0, 0, 0xffffffff) // 27 base62 characters
 */
export const encodeKsuid: (
  timeMs: number,
  p0: number,
  p1: number,
  p2: number,
  p3: number,
) => string =
  typeof (Error as { captureStackTrace?: unknown }).captureStackTrace === 'function'
    ? encodeKsuidForJit
    : encodeKsuidForInterpreter;

/** A source of uniform draws in [0, 1), each a multiple of 2^-32 (a `RandomStream`). */
export interface UnitDraws {
  next(): number;
}

/** How many draws {@link drawKsuid} takes, always: a stream that skips an id skips this many. */
export const KSUID_DRAWS = 8;

/**
 * A KSUID for a notification sent at `timeMs` (whole seconds kept) with a random payload drawn
 * straight in base 62, so that no 160-bit long division is needed (the dearest part of an id in
 * k6's interpreter: this costs about two thirds of four draws and {@link encodeKsuidForInterpreter}).
 *
 * The payload is `b * 62^21 + low`: `low` 21 random digits (seven draws of three digits, 62^3
 * values each) and `b` in 0..6 (the eighth draw), uniform over [0, 7 * 62^21), 0.9 of the 2^128
 * payloads (127.8 bits; each three-digit chunk within 6e-5 of uniform). With 2^128 =
 * 7 * 62^21 + M, the id is `seconds * 2^128 + payload` =
 * `(7 * seconds + b) * 62^21 + (M * seconds + low)`: the second part is seven multiply-adds of
 * three-digit chunks (below 2^51 each), whose carry goes into the first six digits. The payload
 * does not depend on the time: the same draws at another second give the id that
 * {@link encodeKsuid} gives for that second and this payload (what re-basing does).
 *
 * @example
 * drawKsuid(Date.UTC(2026, 0, 5), new RandomStream('7', 'ids')) // 27 base62 characters
 */
export function drawKsuid(timeMs: number, rng: UnitDraws): string {
  const sinceEpoch = timeMs - KSUID_EPOCH_MS;
  if (!(sinceEpoch >= 0 && sinceEpoch < TIME_LIMIT_MS)) throw outOfRange(timeMs);
  const sec = Math.floor(sinceEpoch / 1000);
  const b = (rng.next() * 7) | 0;
  // M's chunks in base 62^3, least significant first: 167656, 211869, 188900, 183529, 21059,
  // 50986, 188606 (a test checks them against 2^128 - 7 * 62^21).
  let v = sec * 167656 + ((rng.next() * CHUNK) | 0);
  const d0 = v % CHUNK;
  v = (v - d0) / CHUNK + sec * 211869 + ((rng.next() * CHUNK) | 0);
  const d1 = v % CHUNK;
  v = (v - d1) / CHUNK + sec * 188900 + ((rng.next() * CHUNK) | 0);
  const d2 = v % CHUNK;
  v = (v - d2) / CHUNK + sec * 183529 + ((rng.next() * CHUNK) | 0);
  const d3 = v % CHUNK;
  v = (v - d3) / CHUNK + sec * 21059 + ((rng.next() * CHUNK) | 0);
  const d4 = v % CHUNK;
  v = (v - d4) / CHUNK + sec * 50986 + ((rng.next() * CHUNK) | 0);
  const d5 = v % CHUNK;
  v = (v - d5) / CHUNK + sec * 188606 + ((rng.next() * CHUNK) | 0);
  const d6 = v % CHUNK;
  const top = (v - d6) / CHUNK + sec * 7 + b;
  const t0 = top % CHUNK;
  const t1 = (top - t0) / CHUNK;
  return `${HIGH[(t1 / 3844) | 0]}${LOW[t1 % 3844]}${HIGH[(t0 / 3844) | 0]}${LOW[t0 % 3844]}${HIGH[(d6 / 3844) | 0]}${LOW[d6 % 3844]}${HIGH[(d5 / 3844) | 0]}${LOW[d5 % 3844]}${HIGH[(d4 / 3844) | 0]}${LOW[d4 % 3844]}${HIGH[(d3 / 3844) | 0]}${LOW[d3 % 3844]}${HIGH[(d2 / 3844) | 0]}${LOW[d2 % 3844]}${HIGH[(d1 / 3844) | 0]}${LOW[d1 % 3844]}${HIGH[(d0 / 3844) | 0]}${LOW[d0 % 3844]}`;
}

function outOfRange(timeMs: number): RangeError {
  return new RangeError(
    `KSUID time ${new Date(timeMs).toISOString()} is outside 2014-05-13..2150-06-19; pick a start inside that range.`,
  );
}

/**
 * Encodes a KSUID from a time and 16 payload bytes.
 *
 * @example
 * encodeKsuidBytes(Date.UTC(2023, 8, 20), new Uint8Array(16))
 */
export function encodeKsuidBytes(timeMs: number, payload: Uint8Array): string {
  if (payload.length !== 16) throw new RangeError('A KSUID payload is exactly 16 bytes.');
  const word = (i: number) =>
    (((payload[i] as number) << 24) |
      ((payload[i + 1] as number) << 16) |
      ((payload[i + 2] as number) << 8) |
      (payload[i + 3] as number)) >>>
    0;
  return encodeKsuid(timeMs, word(0), word(4), word(8), word(12));
}

/**
 * Decodes a KSUID string into its time (ms, whole seconds) and payload words; `undefined` when it
 * is not 27 base62 characters or overflows 160 bits.
 *
 * @example
 * decodeKsuid(encodeKsuid(t, 1, 2, 3, 4)) // { timeMs: t - t % 1000, payload: [1, 2, 3, 4] }
 */
export function decodeKsuid(
  id: string,
): { timeMs: number; payload: [number, number, number, number] } | undefined {
  if (id.length !== 27) return undefined;
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let w3 = 0;
  let w4 = 0;
  // Multiply-add three digits at a time (62^3 < 2^18): each step stays below 2^50, and carries
  // are < 2^18, so `| 0` floors them without a Math.floor call (k6's interpreter pays for each).
  for (let c = 0; c < 27; c += 3) {
    const a = DIGIT[id.charCodeAt(c) & 127] as number;
    const b = DIGIT[id.charCodeAt(c + 1) & 127] as number;
    const d = DIGIT[id.charCodeAt(c + 2) & 127] as number;
    if (
      (a | b | d) < 0 ||
      id.charCodeAt(c) > 127 ||
      id.charCodeAt(c + 1) > 127 ||
      id.charCodeAt(c + 2) > 127
    )
      return undefined;
    let v = w4 * CHUNK + a * 3844 + b * 62 + d;
    let carry = (v / TWO_32) | 0;
    w4 = v - carry * TWO_32;
    v = w3 * CHUNK + carry;
    carry = (v / TWO_32) | 0;
    w3 = v - carry * TWO_32;
    v = w2 * CHUNK + carry;
    carry = (v / TWO_32) | 0;
    w2 = v - carry * TWO_32;
    v = w1 * CHUNK + carry;
    carry = (v / TWO_32) | 0;
    w1 = v - carry * TWO_32;
    v = w0 * CHUNK + carry;
    carry = (v / TWO_32) | 0;
    w0 = v - carry * TWO_32;
    if (carry !== 0) return undefined;
  }
  return { timeMs: w0 * 1000 + KSUID_EPOCH_MS, payload: [w1, w2, w3, w4] };
}
