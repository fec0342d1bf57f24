import { SimError } from '../errors.js';
import type { RandomStream } from './random.js';

/**
 * A distribution of durations in seconds.
 * - `lognormal`: by its arithmetic `mean` and standard deviation `sd` (handle times are lognormal);
 * - `exponential`: by its `mean` (memoryless, e.g. patience);
 * - `fixed`: always `value`;
 * - `uniform`: between `min` and `max`;
 * - `empirical`: one of `values`, with optional `weights`.
 * `min`/`max` clamp any draw.
 *
 * @example
 * const wrap: Distribution = { kind: 'lognormal', mean: 45, sd: 30, max: 600 };
 */
export type Distribution = (
  | { kind: 'lognormal'; mean: number; sd: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'fixed'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'empirical'; values: number[]; weights?: number[] }
) & { min?: number; max?: number };

/** A distribution prepared for fast sampling. */
export interface Sampler {
  /** Draws a value in seconds. */
  sample(rng: RandomStream): number;
  /** The distribution's mean in seconds, before clamping. */
  readonly mean: number;
}

function positive(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
}

/**
 * Checks a distribution and returns a sampler for it; `name` goes into error messages.
 *
 * @example
 * const talk = sampler({ kind: 'lognormal', mean: 270, sd: 180 }, 'talk');
 * talk.sample(rng); // seconds
 */
export function sampler(d: Distribution, name: string): Sampler {
  const bad = (why: string) => new SimError('config', `Distribution "${name}" is invalid: ${why}.`);
  const lo = d.min ?? 0;
  const hi = d.max ?? Number.POSITIVE_INFINITY;
  if (!(lo >= 0) || !(hi >= lo)) throw bad('min must be >= 0 and max >= min');
  const clamp = (x: number) => (x < lo ? lo : Math.min(x, hi));
  switch (d.kind) {
    case 'lognormal': {
      if (!positive(d.mean) || !(typeof d.sd === 'number' && d.sd >= 0)) {
        throw bad('lognormal needs mean > 0 and sd >= 0 (seconds)');
      }
      const sigma2 = Math.log(1 + (d.sd * d.sd) / (d.mean * d.mean));
      const sigma = Math.sqrt(sigma2);
      const mu = Math.log(d.mean) - sigma2 / 2;
      // The clamp written out: the interpreter pays for each call, and this is drawn per event.
      return {
        mean: d.mean,
        sample: (rng) => {
          const x = Math.exp(mu + sigma * rng.normal());
          // biome-ignore lint/complexity/useMathMinMax: a native call per draw costs in k6's interpreter.
          return x < lo ? lo : x > hi ? hi : x;
        },
      };
    }
    case 'exponential': {
      if (!positive(d.mean)) throw bad('exponential needs mean > 0 (seconds)');
      const mean = d.mean;
      return { mean, sample: (rng) => clamp(rng.exponential(mean)) };
    }
    case 'fixed': {
      if (!(typeof d.value === 'number' && d.value >= 0)) throw bad('fixed needs value >= 0');
      const v = clamp(d.value);
      return { mean: d.value, sample: () => v };
    }
    case 'uniform': {
      if (!(d.min !== undefined && d.max !== undefined && d.max >= d.min)) {
        throw bad('uniform needs min <= max');
      }
      const { min, max } = d;
      return { mean: (min + max) / 2, sample: (rng) => min + rng.next() * (max - min) };
    }
    case 'empirical': {
      const values = d.values;
      if (!Array.isArray(values) || values.length === 0 || !values.every((v) => v >= 0)) {
        throw bad('empirical needs a non-empty list of values >= 0');
      }
      const weights = d.weights ?? values.map(() => 1);
      if (weights.length !== values.length || !weights.every((w) => w >= 0)) {
        throw bad('empirical weights must be as many as values and >= 0');
      }
      const total = weights.reduce((a, b) => a + b, 0);
      if (!(total > 0)) throw bad('empirical weights must not all be 0');
      const cumulative: number[] = [];
      let acc = 0;
      for (const w of weights) {
        acc += w / total;
        cumulative.push(acc);
      }
      const mean = values.reduce((a, v, i) => a + v * ((weights[i] as number) / total), 0);
      return {
        mean,
        sample: (rng) => {
          const u = rng.next();
          for (let i = 0; i < cumulative.length; i++) {
            if (u < (cumulative[i] as number)) return clamp(values[i] as number);
          }
          return clamp(values[values.length - 1] as number);
        },
      };
    }
    default: {
      const kind = (d as { kind?: unknown }).kind;
      throw bad(
        `unknown kind ${JSON.stringify(kind)}; use lognormal, exponential, fixed, uniform or empirical`,
      );
    }
  }
}
