import KSUID from 'ksuid';
import { describe, expect, test } from 'vitest';
import {
  decodeKsuid,
  drawKsuid,
  encodeKsuid,
  encodeKsuidBytes,
  encodeKsuidForInterpreter,
  encodeKsuidForJit,
  KSUID_DRAWS,
  KSUID_EPOCH_MS,
} from '../generator/notifications/ksuid.js';
import { RandomStream } from '../generator/simulation/random.js';

/** Counts one more in bin `i`. */
function inc(bins: number[], i: number): void {
  bins[i] = (bins[i] ?? 0) + 1;
}

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

describe('drawKsuid (an id drawn straight in base 62)', () => {
  test('decodes to its second, by our decoder and the ksuid package, over 20,000 times and at the range edges', () => {
    const times = new RandomStream('ksuid-draw-times', 1);
    const rng = new RandomStream('ksuid-draw', 1);
    const edges = [
      KSUID_EPOCH_MS,
      KSUID_EPOCH_MS + 999,
      KSUID_EPOCH_MS + 1000,
      MAX_MS,
      MAX_MS + 999,
    ];
    for (let i = 0; i < 20_000 + edges.length; i++) {
      const timeMs =
        edges[i - 20_000] ??
        KSUID_EPOCH_MS + Math.floor(times.next() * (MAX_MS + 1000 - KSUID_EPOCH_MS));
      const id = drawKsuid(timeMs, rng);
      const second = timeMs - (timeMs % 1000);
      if (!/^[0-9A-Za-z]{27}$/.test(id) || decodeKsuid(id)?.timeMs !== second)
        throw new Error(`${id} for ${timeMs} does not decode to ${second}`);
      if (KSUID.parse(id).date.getTime() !== second)
        throw new Error(`ksuid parses ${id} to ${KSUID.parse(id).date.toISOString()}`);
      // The payload the id carries re-encodes to the same id.
      const payload = decodeKsuid(id)?.payload ?? [0, 0, 0, 0];
      if (encodeKsuid(second, ...payload) !== id) throw new Error(`${id} does not round-trip`);
    }
    expect(() => drawKsuid(KSUID_EPOCH_MS - 1, rng)).toThrow(/outside 2014-05-13..2150-06-19/);
    expect(() => drawKsuid(MAX_MS + 1000, rng)).toThrow(RangeError);
  });

  test('the payload does not depend on the time: the same draws at any other second give the re-based id', () => {
    const times = new RandomStream('ksuid-draw-rebase-times', 1);
    const limit = 7n * 62n ** 21n;
    for (let i = 0; i < 5_000; i++) {
      const at = (k: number) =>
        KSUID_EPOCH_MS + Math.floor(times.next() * (MAX_MS + 1000 - KSUID_EPOCH_MS)) + k;
      const [t1, t2] = [at(0), i === 0 ? MAX_MS : at(0)];
      const id1 = drawKsuid(t1, new RandomStream('ksuid-draw-rebase', i));
      const id2 = drawKsuid(t2, new RandomStream('ksuid-draw-rebase', i));
      const p = decodeKsuid(id1)?.payload ?? [0, 0, 0, 0];
      expect(decodeKsuid(id2)?.payload).toEqual(p);
      if (encodeKsuid(t2, ...p) !== id2) throw new Error(`${id2} is not ${id1} re-based`);
      const value = p.reduce((acc, w) => (acc << 32n) + BigInt(w), 0n);
      if (value >= limit) throw new Error(`payload ${value} of ${id1} is not below 7 * 62^21`);
    }
  });

  test(`takes exactly KSUID_DRAWS (${KSUID_DRAWS}) draws, and the same draws give the same id`, () => {
    const a = new RandomStream('ksuid-draws');
    const b = new RandomStream('ksuid-draws');
    const t = Date.UTC(2026, 0, 5, 8);
    for (let i = 0; i < 100; i++) {
      const id = drawKsuid(t + i * 1000, a);
      expect(drawKsuid(t + i * 1000, b)).toBe(id);
      a.skip(1);
      b.skip(1);
    }
    const c = new RandomStream('ksuid-draws-count');
    const d = new RandomStream('ksuid-draws-count');
    drawKsuid(t, c);
    d.skip(KSUID_DRAWS);
    expect(c.next()).toBe(d.next());
  });

  test('ids are unique and their payloads spread: every base62 digit after the sixth is uniform', () => {
    const rng = new RandomStream('ksuid-spread');
    const t = Date.UTC(2026, 0, 5, 8);
    const seen = new Set<string>();
    const digits = Array.from({ length: 21 }, () => new Array<number>(62).fill(0));
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    const n = 62_000;
    for (let i = 0; i < n; i++) {
      const id = drawKsuid(t + (i % 7) * 1000, rng);
      seen.add(id);
      for (let k = 6; k < 27; k++)
        inc(digits[k - 6] as number[], alphabet.indexOf(id[k] as string));
    }
    expect(seen.size).toBe(n);
    // Chi-square of each position's 62 counts (61 degrees of freedom): mean 61, sd 11; 130 is
    // beyond p = 1e-6.
    for (const counts of digits) {
      const chi = counts.reduce((s, c) => s + (c - n / 62) ** 2 / (n / 62), 0);
      expect(chi).toBeLessThan(130);
      expect(chi).toBeGreaterThan(20);
    }
  });
});
