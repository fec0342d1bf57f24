import { expect, test } from 'vitest';
import { hashSeed, RandomStream } from '../generator/simulation/random.js';

/** Counts one more in bin `i`. */
function inc(bins: number[], i: number): void {
  bins[i] = (bins[i] ?? 0) + 1;
}

/** Alea's multiplier: the stream is the multiply-with-carry x(n) = (A x(n-3) + c) mod 2^32. */
const A = 2091639n;
const TWO_32 = 2n ** 32n;

test.each([
  ['7', ['team', 0, 'calls']],
  ['bench', ['center', 'day', 3]],
  ['', []],
  ['a seed that hashes high', ['x']],
] as Array<[string, Array<string | number>]>)(
  'the stream of (%j, %j) is the lag-3 multiply-with-carry recurrence, computed in integers, draw for draw',
  (seed, concern) => {
    const rng = new RandomStream(seed, ...concern);
    // Alternate the two ways of drawing: both take one word of the stream.
    const x = Array.from({ length: 20_000 }, (_, i) =>
      BigInt(i % 2 ? rng.next() * 2 ** 32 : rng.uint32()),
    );
    // The carry before x[3] is fixed by x[0] and x[3]; from there the integers predict the rest.
    const first = (x[3] as bigint) - A * (x[0] as bigint);
    let carry = ((first % TWO_32) + TWO_32) % TWO_32;
    expect(carry < A).toBe(true);
    for (let n = 3; n < x.length; n++) {
      const t = A * (x[n - 3] as bigint) + carry;
      if (t % TWO_32 !== x[n]) throw new Error(`draw ${n}: ${x[n]} is not ${t % TWO_32}`);
      carry = t / TWO_32;
    }
  },
);

test('the same seed and concern give the same stream; another concern or seed gives another', () => {
  const draws = (seed: string, ...concern: Array<string | number>) => {
    const rng = new RandomStream(seed, ...concern);
    return Array.from({ length: 50 }, () => rng.uint32());
  };
  expect(draws('7', 'team', 0)).toEqual(draws('7', 'team', 0));
  const others = [draws('7', 'team', 1), draws('8', 'team', 0), draws('7', 'team', 0, 'x')];
  const mine = new Set(draws('7', 'team', 0));
  for (const o of others) expect(o.filter((w) => mine.has(w))).toEqual([]);
  expect(hashSeed('7|team|0')).toBe(hashSeed('7|team|0'));
});

/** Pearson's chi-square statistic of counts against a uniform expectation. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

/** Bounds a chi-square with `df` degrees of freedom stays inside with probability ~1 - 1e-6. */
function chiBounds(df: number): [number, number] {
  const z = 4.9; // two-sided 1e-6 of the normal approximation (Wilson-Hilferty)
  const at = (s: number) => df * (1 - 2 / (9 * df) + s * Math.sqrt(2 / (9 * df))) ** 3;
  return [at(-z), at(z)];
}

test('draws are uniform (1,000 bins), pairs are independent (100 x 100), and every byte of uint32 is uniform', () => {
  const rng = new RandomStream('quality', 1);
  const bins = new Array<number>(1000).fill(0);
  const pairs = new Array<number>(10_000).fill(0);
  const bytes = Array.from({ length: 4 }, () => new Array<number>(256).fill(0));
  let prev = rng.next();
  for (let i = 0; i < 1_000_000; i++) {
    const x = rng.next();
    inc(bins, Math.floor(x * 1000));
    if (i % 2) inc(pairs, Math.floor(prev * 100) * 100 + Math.floor(x * 100));
    prev = x;
    if (i < 250_000) {
      const w = rng.uint32();
      for (let b = 0; b < 4; b++) inc(bytes[b] as number[], (w >>> (8 * b)) & 255);
    }
  }
  const [lo1, hi1] = chiBounds(999);
  expect(chiSquare(bins)).toBeGreaterThan(lo1);
  expect(chiSquare(bins)).toBeLessThan(hi1);
  const [lo2, hi2] = chiBounds(9999);
  expect(chiSquare(pairs)).toBeGreaterThan(lo2);
  expect(chiSquare(pairs)).toBeLessThan(hi2);
  const [lo3, hi3] = chiBounds(255);
  for (const b of bytes) {
    expect(chiSquare(b)).toBeGreaterThan(lo3);
    expect(chiSquare(b)).toBeLessThan(hi3);
  }
});

test('streams of neighbouring concerns are uncorrelated from their first draw', () => {
  // The first draws of 2,000 streams that differ in one character: uniform, and not correlated
  // with the neighbour's first draw.
  const firsts = Array.from({ length: 2000 }, (_, i) => new RandomStream('7', 'agent', i).next());
  const bins = new Array<number>(20).fill(0);
  for (const x of firsts) inc(bins, Math.floor(x * 20));
  const [lo, hi] = chiBounds(19);
  expect(chiSquare(bins)).toBeGreaterThan(lo);
  expect(chiSquare(bins)).toBeLessThan(hi);
  let sxy = 0;
  for (let i = 1; i < firsts.length; i++)
    sxy += ((firsts[i] as number) - 0.5) * ((firsts[i - 1] as number) - 0.5);
  // The correlation's standard error is 1/sqrt(n) ~ 0.022: five of them.
  expect(Math.abs(sxy / (firsts.length - 1) / (1 / 12))).toBeLessThan(0.11);
});

test('normal() has the moments of a standard normal and its tails (polar method, pairs)', () => {
  const rng = new RandomStream('normal', 1);
  const n = 400_000;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let beyond2 = 0;
  let lag = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    s1 += z;
    s2 += z * z;
    s3 += z ** 3;
    s4 += z ** 4;
    if (Math.abs(z) > 2) beyond2++;
    lag += z * prev;
    prev = z;
  }
  // Standard errors at n = 400,000: mean 0.0016, variance 0.0022, skewness 0.0039, kurtosis 0.0077.
  expect(Math.abs(s1 / n)).toBeLessThan(0.008);
  expect(Math.abs(s2 / n - 1)).toBeLessThan(0.012);
  expect(Math.abs(s3 / n)).toBeLessThan(0.03);
  expect(Math.abs(s4 / n - 3)).toBeLessThan(0.06);
  // P(|Z| > 2) = 0.0455; the two values of a pair are independent too.
  expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.0017);
  expect(Math.abs(lag / n)).toBeLessThan(0.008);
});

test('draws stay in range: next in [0, 1), uint32 in [0, 2^32), int in [min, max], uuid v4', () => {
  const r = new RandomStream('range');
  for (let i = 0; i < 10_000; i++) {
    const x = r.next();
    expect(x >= 0 && x < 1).toBe(true);
    const u = r.uint32();
    expect(Number.isInteger(u) && u >= 0 && u < 2 ** 32).toBe(true);
    const k = r.int(3, 7);
    expect(k >= 3 && k <= 7 && Number.isInteger(k)).toBe(true);
  }
  expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('skip(n) leaves the stream where n draws would', () => {
  const drawn = new RandomStream('skip');
  const skipped = new RandomStream('skip');
  for (let round = 0; round < 400; round++) {
    const n = (round * 7) % 13;
    for (let i = 0; i < n; i++) drawn.uint32();
    skipped.skip(n);
    expect(skipped.uint32()).toBe(drawn.uint32());
  }
  const a = new RandomStream('skip-far');
  const b = new RandomStream('skip-far');
  for (let i = 0; i < 1000; i++) a.next();
  b.skip(1000);
  expect(b.next()).toBe(a.next());
});
