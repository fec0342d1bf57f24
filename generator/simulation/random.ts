/**
 * Seeded randomness for the simulation: one independent stream per concern, so that adding an
 * agent or a team does not reshuffle what the others draw. No `Math.random` anywhere in the core.
 *
 * The generator is Johannes Baagøe's Alea (2010): a lag-3 multiply-with-carry generator in the
 * style of Marsaglia's MWC, base 2^32, multiplier 2091639, written for JavaScript's doubles (the
 * state is three 32-bit fractions and a carry that is the integer part of a double). Period about
 * 2^116; reported to pass all of TestU01's BigCrush (seedrandom's `alea`, David Bau's library,
 * lists it so). Every step is exact in double arithmetic (2091639 * s < 2^21, 32 fractional
 * bits: under 2^53), so V8 and k6's interpreter (Sobek) draw the same numbers bit for bit. It
 * replaced the Mersenne Twister (issue 20): one draw is six operations on doubles instead of
 * twenty-odd on 32-bit integers and a 624-word state, each a heap allocation in Sobek.
 *
 * Seeding: the concern's text is hashed twice (FNV-1a with a murmur3 finaliser, two offset bases),
 * 64 bits that place the stream in the generator's period; the first draws are discarded so that
 * every state word has been through the multiplier once.
 */

/** 2^-32: the generator's fractions are multiples of it. */
const TO_UNIT = 2.3283064365386963e-10;
/** Baagøe's multiplier. */
const A = 2091639;

function fnv1a(text: string, basis: number): number {
  let h = basis;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h);
}

/** murmur3's 32-bit finaliser: every input bit flips each output bit with probability ~1/2. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over a string, then a murmur3 finaliser: a well-spread 32-bit seed. */
export function hashSeed(text: string): number {
  return fnv1a(text, 0x811c9dc5);
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
 * One seeded stream of random numbers.
 *
 * @example
 * const rng = new RandomStream('7', 'team', 0);
 * rng.next(); // a float in [0, 1)
 * rng.uuid(); // a version 4 GUID
 */
export class RandomStream {
  /**
   * A float in [0, 1): a multiple of 2^-32. The generator's state lives in this closure, not in
   * fields: k6's interpreter reads a closure's variables by index but an object's by name.
   */
  readonly next: () => number;
  /** The second value of the last pair {@link normal} drew, until it is returned. */
  private spare: number | undefined = undefined;

  constructor(seed: string, ...concern: Array<string | number>) {
    const text = `${seed}|${concern.join('|')}`;
    const h1 = fnv1a(text, 0x811c9dc5);
    const h2 = fnv1a(text, 0x050c5d1f);
    let s0 = h1 * TO_UNIT;
    let s1 = h2 * TO_UNIT;
    let s2 = fmix((h1 ^ h2 ^ 0x9e3779b9) >>> 0) * TO_UNIT;
    let c = 1;
    this.next = () => {
      const t = A * s0 + c * TO_UNIT;
      s0 = s1;
      s1 = s2;
      c = t | 0;
      s2 = t - c;
      return s2;
    };
    for (let i = 0; i < 3; i++) this.next();
  }

  /** An unsigned 32-bit integer. */
  uint32(): number {
    return this.next() * 4294967296;
  }

  /** Skips `n` draws: the stream goes on as if they had been drawn. */
  skip(n: number): void {
    const next = this.next;
    for (let i = 0; i < n; i++) next();
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

  /**
   * A standard normal draw: Marsaglia's polar method, which draws a pair (about 2.5 uniform draws
   * and one logarithm per pair, no cosine) and keeps the second for the next call.
   */
  normal(): number {
    const spare = this.spare;
    if (spare !== undefined) {
      this.spare = undefined;
      return spare;
    }
    const next = this.next;
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * next() - 1;
      v = 2 * next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** An exponential draw with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}
