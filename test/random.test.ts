import { generateMersenne32Randomizer } from '@faker-js/faker';
import { expect, test } from 'vitest';
import { hashSeed, RandomStream } from '../generator/simulation/random.js';

test.each([
  ['7', ['team', 0, 'calls']],
  ['bench', ['center', 'day', 3]],
  ['', []],
  ['a seed that hashes high', ['x']],
] as Array<[string, Array<string | number>]>)(
  "the stream of (%j, %j) is faker's seeded Mersenne Twister draw for draw, across many state regenerations",
  (seed, concern) => {
    const faker = generateMersenne32Randomizer(hashSeed(`${seed}|${concern.join('|')}`));
    const ours = new RandomStream(seed, ...concern);
    const n = 624 * 5 + 17;
    const theirs: number[] = [];
    const mine: number[] = [];
    for (let i = 0; i < n; i++) {
      theirs.push(faker.next());
      // Alternate the two ways of drawing: both take one word of the stream.
      mine.push(i % 2 ? ours.next() : ours.uint32() / 2 ** 32);
    }
    expect(mine).toEqual(theirs);
  },
);

test('200 more streams agree with faker past their first state regeneration (seeds above and below 2^31)', () => {
  let high = 0;
  for (let i = 0; i < 200; i++) {
    const seed = hashSeed(`s${i}|c`);
    if (seed >= 2 ** 31) high++;
    const faker = generateMersenne32Randomizer(seed);
    const ours = new RandomStream(`s${i}`, 'c');
    for (let d = 0; d < 630; d++)
      if (ours.next() !== faker.next()) throw new Error(`s${i} draw ${d}`);
  }
  expect(high).toBeGreaterThan(50);
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

test('skip(n) leaves the stream where n draws would, across state regenerations', () => {
  const drawn = new RandomStream('skip');
  const skipped = new RandomStream('skip');
  for (let round = 0; round < 400; round++) {
    const n = (round * 7) % 13;
    for (let i = 0; i < n; i++) drawn.uint32();
    skipped.skip(n);
    expect(skipped.uint32()).toBe(drawn.uint32());
  }
  const a = new RandomStream('skip-624');
  const b = new RandomStream('skip-624');
  for (let i = 0; i < 624; i++) a.uint32();
  b.skip(624);
  expect(b.next()).toBe(a.next());
});

test('skip(n) past a whole state (n > 624) still lands where n draws would', () => {
  const drawn = new RandomStream('skip-far');
  const skipped = new RandomStream('skip-far');
  for (let i = 0; i < 1000; i++) drawn.uint32();
  skipped.uint32();
  skipped.skip(999);
  expect(skipped.uint32()).toBe(drawn.uint32());
});
