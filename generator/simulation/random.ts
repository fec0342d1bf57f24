/**
 * Seeded randomness for the simulation: one independent MT19937 stream per concern, so that adding
 * an agent or a team does not reshuffle what the others draw. No `Math.random` anywhere in the core.
 *
 * The generator is the 32-bit Mersenne Twister that faker's `generateMersenne32Randomizer` uses,
 * seeded the same way, so every draw equals faker's (a test checks it draw for draw). It is written
 * here rather than imported because the core also runs in k6, where faker's module would be
 * compiled and kept by every VU (127 KB of the script) for one class.
 */

const N = 624;
/** 2^-32: a uint32 times this is a float in [0, 1), as faker's `nextF32`. */
const TO_UNIT = 2.3283064365386963e-10;

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
 * Regenerates the 624 words of state (the MT19937 "twist"); words are kept as int32. Written for
 * an interpreter: the constants as literals (N - M = 227, M = 397, M - N = -227), each word read
 * once.
 */
function twist(mt: number[]): void {
  let k = 0;
  let next = mt[0] as number;
  for (; k < 227; k++) {
    const cur = next;
    next = mt[k + 1] as number;
    const y = (cur & 0x80000000) | (next & 0x7fffffff);
    mt[k] = (mt[k + 397] as number) ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
  }
  for (; k < 623; k++) {
    const cur = next;
    next = mt[k + 1] as number;
    const y = (cur & 0x80000000) | (next & 0x7fffffff);
    mt[k] = (mt[k - 227] as number) ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
  }
  const y = (next & 0x80000000) | ((mt[0] as number) & 0x7fffffff);
  mt[623] = (mt[396] as number) ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
}

/**
 * One seeded stream of random numbers.
 *
 * @example
 * const rng = new RandomStream('7', 'team', 0);
 * rng.next(); // a float in [0, 1)
 * rng.uuid(); // a version 4 GUID
 */
export class RandomStream {
  /** The state, filled by pushes so that engines keep it a dense array of numbers. */
  private readonly mt: number[] = [];
  private index = 0;

  constructor(seed: string, ...concern: Array<string | number>) {
    const mt = this.mt;
    mt.push(hashSeed(`${seed}|${concern.join('|')}`) | 0);
    for (let k = 1; k < N; k++) {
      const prev = (mt[k - 1] as number) ^ ((mt[k - 1] as number) >>> 30);
      mt.push((Math.imul(1812433253, prev) + k) | 0);
    }
    twist(mt);
  }

  /** An unsigned 32-bit integer. */
  uint32(): number {
    let i = this.index;
    if (i >= N) {
      twist(this.mt);
      i = 0;
    }
    let y = this.mt[i] as number;
    this.index = i + 1;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Skips `n` draws: the stream goes on as if they had been drawn. */
  skip(n: number): void {
    this.index += n;
    while (this.index > N) {
      twist(this.mt);
      this.index -= N;
    }
  }

  /** A float in [0, 1). The draw is {@link uint32}'s, written out: the interpreter pays per call. */
  next(): number {
    let i = this.index;
    if (i >= N) {
      twist(this.mt);
      i = 0;
    }
    let y = this.mt[i] as number;
    this.index = i + 1;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return (y >>> 0) * TO_UNIT;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
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
    let u = this.next();
    if (u < 1e-12) u = 1e-12;
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An exponential draw with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}
