/**
 * Seeded randomness for the simulation. Every draw comes from faker's seeded Mersenne Twister
 * (`SimpleFaker`, no locale data), one independent stream per concern, so that adding an agent or
 * a team does not reshuffle what the others draw. No `Math.random` anywhere in the core.
 */
import { generateMersenne32Randomizer, SimpleFaker } from '@faker-js/faker';

const TWO_32 = 4294967296;

/** FNV-1a over a string, then a murmur3 finaliser: a well-spread 32-bit seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX = '0123456789abcdef';
const HEX2: string[] = [];
for (let i = 0; i < 256; i++) HEX2.push((HEX[i >> 4] as string) + (HEX[i & 15] as string));

function hex8(w: number): string {
  return (
    (HEX2[(w >>> 24) & 255] as string) +
    (HEX2[(w >>> 16) & 255] as string) +
    (HEX2[(w >>> 8) & 255] as string) +
    (HEX2[w & 255] as string)
  );
}

/**
 * One seeded stream of random numbers. Cheap draws (`next`, `uint32`, `uuid`) go straight to the
 * faker randomizer; `faker` exposes the full `SimpleFaker` API over the same stream.
 *
 * @example
 * const rng = new RandomStream('7', 'team', 0);
 * rng.next(); // a float in [0, 1)
 * rng.uuid(); // a version 4 GUID
 */
export class RandomStream {
  /** The `SimpleFaker` that shares this stream. */
  readonly faker: SimpleFaker;
  private readonly randomizer: ReturnType<typeof generateMersenne32Randomizer>;

  constructor(seed: string, ...concern: Array<string | number>) {
    this.randomizer = generateMersenne32Randomizer(hashSeed(`${seed}|${concern.join('|')}`));
    this.faker = new SimpleFaker({ randomizer: this.randomizer });
  }

  /** A float in [0, 1). */
  next(): number {
    return this.randomizer.next();
  }

  /** An unsigned 32-bit integer. */
  uint32(): number {
    return (this.randomizer.next() * TWO_32) >>> 0;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.randomizer.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.randomizer.next() < p;
  }

  /** A lowercase version 4 GUID, as VCC writes its ids. */
  uuid(): string {
    const a = this.uint32();
    const b = (this.uint32() & 0xffff0fff) | 0x00004000;
    const c = (this.uint32() & 0x3fffffff) | 0x80000000;
    const d = this.uint32();
    const hb = hex8(b >>> 0);
    const hc = hex8(c >>> 0);
    return `${hex8(a)}-${hb.slice(0, 4)}-${hb.slice(4)}-${hc.slice(0, 4)}-${hc.slice(4)}${hex8(d)}`;
  }

  /** A standard normal draw (Box-Muller). */
  normal(): number {
    let u = this.randomizer.next();
    if (u < 1e-12) u = 1e-12;
    const v = this.randomizer.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An exponential draw with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.randomizer.next()) * mean;
  }
}
