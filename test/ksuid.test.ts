import KSUID from 'ksuid';
import { describe, expect, test } from 'vitest';
import {
  decodeKsuid,
  encodeKsuid,
  encodeKsuidBytes,
  encodeKsuidForInterpreter,
  encodeKsuidForJit,
  KSUID_EPOCH_MS,
} from '../generator/notifications/ksuid.js';
import { RandomStream } from '../generator/simulation/random.js';

const MAX_MS = KSUID_EPOCH_MS + (2 ** 32 - 1) * 1000;

function reference(timeMs: number, words: number[]): string {
  const payload = Buffer.alloc(16);
  for (const [i, w] of words.entries()) payload.writeUInt32BE(w >>> 0, i * 4);
  return KSUID.fromParts(timeMs, payload).string;
}

const FORMS = [
  ['interpreter', encodeKsuidForInterpreter],
  ['JIT', encodeKsuidForJit],
] as const;

describe.each(FORMS)('the core KSUID encoder, %s form', (_, encode) => {
  test('gives byte for byte what KSUID.fromParts gives, over 20,000 random inputs', () => {
    const rng = new RandomStream('ksuid-property', 1);
    for (let i = 0; i < 20_000; i++) {
      const timeMs = KSUID_EPOCH_MS + Math.floor(rng.next() * (MAX_MS - KSUID_EPOCH_MS));
      const words = [rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32()];
      const ours = encode(timeMs, words[0]!, words[1]!, words[2]!, words[3]!);
      const theirs = reference(timeMs, words);
      if (ours !== theirs)
        throw new Error(
          `mismatch for time ${timeMs} payload ${words.join(',')}: ${ours} != ${theirs}`,
        );
    }
  });

  test('matches the reference at the edges of the range and of the payload', () => {
    for (const timeMs of [KSUID_EPOCH_MS, KSUID_EPOCH_MS + 999, MAX_MS]) {
      for (const w of [0, 0xffffffff, 0x80000000, 1]) {
        expect(encode(timeMs, w, w, w, w)).toBe(reference(timeMs, [w, w, w, w]));
      }
    }
    expect(encode(KSUID_EPOCH_MS, 0, 0, 0, 0)).toBe('0'.repeat(27));
    expect(encode(MAX_MS, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff)).toBe(
      'aWgEPTl1tmebfsQzFP4bxwgy80V',
    );
  });

  test('matches the reference when the leading words are 0 or tiny, and for signed words', () => {
    const rng = new RandomStream('ksuid-leading-zeros', 1);
    for (let i = 0; i < 2_000; i++) {
      const zeros = i % 5; // how many leading 32-bit words (time first) are small
      const time = zeros > 0 ? rng.int(0, 3) * 1000 : Math.floor(rng.next() * 2 ** 32) * 1000;
      const words = [0, 1, 2, 3].map((j) => (j + 1 < zeros ? rng.int(0, 2) : rng.uint32()));
      const ours = encode(KSUID_EPOCH_MS + time, words[0]!, words[1]!, words[2]!, words[3]!);
      expect(ours).toBe(reference(KSUID_EPOCH_MS + time, words));
    }
    expect(encode(KSUID_EPOCH_MS, -1, 0, -2, 1)).toBe(
      reference(KSUID_EPOCH_MS, [0xffffffff, 0, 0xfffffffe, 1]),
    );
  });

  test('a time outside the KSUID range is a clear error', () => {
    for (const timeMs of [KSUID_EPOCH_MS - 1, MAX_MS + 1000]) {
      expect(() => encode(timeMs, 0, 0, 0, 0)).toThrow(/outside 2014-05-13..2150-06-19/);
    }
    expect(() => encode(Number.NaN, 0, 0, 0, 0)).toThrow(RangeError);
  });
});

describe('the core KSUID encoder', () => {
  test('is the JIT form on V8', () => {
    expect(encodeKsuid).toBe(encodeKsuidForJit);
  });

  test('the byte form equals the word form and the reference parses it back', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 255);
    const t = Date.UTC(2026, 0, 5, 8, 0, 1, 500);
    const id = encodeKsuidBytes(t, bytes);
    const parsed = KSUID.parse(id);
    expect(parsed.date.getTime()).toBe(Date.UTC(2026, 0, 5, 8, 0, 1));
    expect([...parsed.payload]).toEqual([...bytes]);
  });

  test('decodes what the reference encodes, over 20,000 random inputs, and refuses what is not a KSUID', () => {
    const rng = new RandomStream('ksuid-decode', 1);
    for (let i = 0; i < 20_000; i++) {
      const timeMs = KSUID_EPOCH_MS + Math.floor(rng.next() * (MAX_MS - KSUID_EPOCH_MS));
      const words = [rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32()];
      const decoded = decodeKsuid(reference(timeMs, words));
      if (decoded?.timeMs !== timeMs - (timeMs % 1000) || decoded.payload.join() !== words.join())
        throw new Error(`decode mismatch for time ${timeMs} payload ${words.join(',')}`);
    }
    expect(decodeKsuid('aWgEPTl1tmebfsQzFP4bxwgy80V')?.payload).toEqual([
      0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
    ]);
    expect(decodeKsuid('aWgEPTl1tmebfsQzFP4bxwgy80W')).toBeUndefined(); // over 160 bits
    expect(decodeKsuid('0ujtsYcgvSTl8PAuAdqWYSMnLO-')).toBeUndefined();
    expect(decodeKsuid('0ujtsYcgvSTl8PAuAdqWYSMnLOé')).toBeUndefined();
    expect(decodeKsuid('short')).toBeUndefined();
  });
});
