/**
 * A pure KSUID encoder (no Buffer, no crypto) so the same code runs in Node and in k6.
 * A KSUID is 20 bytes: a big-endian uint32 of seconds since the KSUID epoch (1.4e9 s after the
 * Unix epoch) followed by 16 payload bytes, written as 27 base62 characters.
 */

/** Milliseconds from the Unix epoch to the KSUID epoch. */
export const KSUID_EPOCH_MS = 14e11;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LENGTH = 27;
const TWO_32 = 4294967296;

const words = new Array<number>(5);
const digits = new Array<string>(LENGTH);

/**
 * Encodes a KSUID from its time (ms since the Unix epoch; whole seconds are kept) and its
 * payload as four unsigned 32-bit words (the 16 payload bytes, big-endian).
 *
 * @example
 * encodeKsuid(Date.UTC(2023, 8, 20), 0x01020304, 0, 0, 0xffffffff) // 27 base62 characters
 */
export function encodeKsuid(
  timeMs: number,
  p0: number,
  p1: number,
  p2: number,
  p3: number,
): string {
  const seconds = Math.floor((timeMs - KSUID_EPOCH_MS) / 1000);
  if (!(seconds >= 0 && seconds < TWO_32)) {
    throw new RangeError(
      `KSUID time ${new Date(timeMs).toISOString()} is outside 2014-05-13..2150-06-19; pick a start inside that range.`,
    );
  }
  words[0] = seconds;
  words[1] = p0 >>> 0;
  words[2] = p1 >>> 0;
  words[3] = p2 >>> 0;
  words[4] = p3 >>> 0;
  // Repeated long division of the 160-bit number by 62, least significant digit first.
  for (let i = LENGTH - 1; i >= 0; i--) {
    let rem = 0;
    for (let w = 0; w < 5; w++) {
      const acc = rem * TWO_32 + (words[w] as number);
      const q = Math.floor(acc / 62);
      rem = acc - q * 62;
      words[w] = q;
    }
    digits[i] = ALPHABET[rem] as string;
  }
  return digits.join('');
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
