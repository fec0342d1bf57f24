/**
 * Lognormal fits of durations: the maximum-likelihood fit on logs for complete samples (talk,
 * wrap, ring, hold), and the censored maximum-likelihood fit for patience, seen only when it ran
 * out (an abandon) and otherwise known to be longer than the wait (an answer).
 */

/** A fitted lognormal, by its arithmetic mean and sd (as the simulation's options state it). */
export interface LognormalFit {
  /** Observations (events: those not censored). */
  n: number;
  /** Censored observations (patience: callers answered before it ran out). */
  censored: number;
  /** Mean and sd of the logs (seconds). */
  mu: number;
  sigma: number;
  /** The fitted distribution's arithmetic mean and sd, seconds. */
  mean: number;
  sd: number;
  /** The plain mean of the observations, seconds (for a censored fit: of the events only). */
  observedMean: number;
  /** The smallest and largest observation, seconds. */
  min: number;
  max: number;
}

const arithmetic = (mu: number, sigma: number) => {
  const mean = Math.exp(mu + (sigma * sigma) / 2);
  return { mean, sd: mean * Math.sqrt(Math.max(0, Math.exp(sigma * sigma) - 1)) };
};

/**
 * The lognormal maximum-likelihood fit of positive durations (seconds): mean and sd of their logs.
 * Undefined with fewer than 2 positive values.
 *
 * @example
 * fitLognormal([200, 250, 400]).mean // about 283
 */
export function fitLognormal(values: readonly number[]): LognormalFit | undefined {
  const xs = values.filter((v) => v > 0 && Number.isFinite(v));
  if (xs.length < 2) return undefined;
  let sum = 0;
  let total = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const x of xs) {
    sum += Math.log(x);
    total += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mu = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (Math.log(x) - mu) ** 2;
  const sigma = Math.sqrt(ss / xs.length);
  return {
    n: xs.length,
    censored: 0,
    mu,
    sigma,
    ...arithmetic(mu, sigma),
    observedMean: total / xs.length,
    min,
    max,
  };
}

/** The complementary error function (Numerical Recipes' erfcc: relative error under 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** log P(Z > z) for a standard normal Z. */
const logSurvival = (z: number) => Math.log(Math.max(1e-300, 0.5 * erfc(z / Math.SQRT2)));

/** The censored log-likelihood of (mu, sigma): events by their density, censored by survival. */
function censoredLogLikelihood(
  events: readonly number[],
  censored: readonly number[],
  mu: number,
  sigma: number,
): number {
  let ll = 0;
  for (const y of events) {
    const z = (y - mu) / sigma;
    ll += -Math.log(sigma) - 0.5 * z * z;
  }
  for (const y of censored) ll += logSurvival((y - mu) / sigma);
  return ll;
}

/**
 * Minimises `f` over two parameters by Nelder-Mead from `start` (`step` apart): enough for a
 * smooth two-parameter likelihood, and deterministic.
 */
function nelderMead(
  f: (p: readonly [number, number]) => number,
  start: [number, number],
  step: number,
): [number, number] {
  let simplex: Array<{ p: [number, number]; v: number }> = [
    start,
    [start[0] + step, start[1]] as [number, number],
    [start[0], start[1] + step] as [number, number],
  ].map((p) => ({ p, v: f(p) }));
  const at = (a: [number, number], b: [number, number], t: number): [number, number] => [
    a[0] + t * (b[0] - a[0]),
    a[1] + t * (b[1] - a[1]),
  ];
  for (let i = 0; i < 400; i++) {
    simplex.sort((a, b) => a.v - b.v);
    const [best, mid, worst] = simplex as [
      { p: [number, number]; v: number },
      { p: [number, number]; v: number },
      { p: [number, number]; v: number },
    ];
    if (Math.abs(worst.v - best.v) < 1e-10) break;
    const centroid: [number, number] = [(best.p[0] + mid.p[0]) / 2, (best.p[1] + mid.p[1]) / 2];
    const reflected = at(centroid, worst.p, -1);
    const rv = f(reflected);
    if (rv < best.v) {
      const expanded = at(centroid, worst.p, -2);
      const ev = f(expanded);
      simplex[2] = ev < rv ? { p: expanded, v: ev } : { p: reflected, v: rv };
    } else if (rv < mid.v) simplex[2] = { p: reflected, v: rv };
    else {
      const contracted = at(centroid, worst.p, 0.5);
      const cv = f(contracted);
      if (cv < worst.v) simplex[2] = { p: contracted, v: cv };
      else
        simplex = simplex.map((s, k) =>
          k === 0 ? s : { p: at(best.p, s.p, 0.5), v: f(at(best.p, s.p, 0.5)) },
        );
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return (simplex[0] as { p: [number, number] }).p;
}

/** Observations the censored fit's search reads at most (a deterministic thinning beyond). */
const MAX_CENSORED_SAMPLE = 50_000;

/**
 * The censored lognormal maximum-likelihood fit: `events` are durations seen to end (a caller's
 * patience ran out: abandoned or voicemail), `censored` durations known only to be shorter than
 * the value (the caller was answered after waiting that long). Maximised by Nelder-Mead over
 * (mu, log sigma) from the uncensored fit. Undefined with fewer than 2 events.
 *
 * @example
 * fitCensoredLognormal([30, 60, 90], [5, 10, 12, 3]).mean
 */
export function fitCensoredLognormal(
  events: readonly number[],
  censored: readonly number[],
): LognormalFit | undefined {
  const start = fitLognormal(events);
  if (!start) return undefined;
  // A wait of 0 says nothing of patience: only positive waits censor. A month of a big center
  // holds millions: every k-th of both (the same k) keeps their shares and the search fast.
  const positive = (xs: readonly number[]) => xs.filter((v) => v > 0);
  const k = Math.max(1, Math.ceil((events.length + censored.length) / MAX_CENSORED_SAMPLE));
  const every = (xs: readonly number[]) => (k === 1 ? xs : xs.filter((_, i) => i % k === 0));
  const ev = every(positive(events)).map(Math.log);
  const ce = every(positive(censored)).map(Math.log);
  const [mu, logSigma] = nelderMead(
    ([m, ls]) => -censoredLogLikelihood(ev, ce, m, Math.exp(ls)),
    [start.mu, Math.log(Math.max(start.sigma, 0.05))],
    0.3,
  );
  const sigma = Math.exp(logSigma);
  return {
    ...start,
    censored: censored.filter((v) => v > 0).length,
    mu,
    sigma,
    ...arithmetic(mu, sigma),
  };
}
