/**
 * `capacity`: ramps the notification rate (a real center's mix, hang-up pairs together) until the
 * receiver stops keeping up, then narrows the edge; reports the highest rate it sustained, what
 * limited it, and the center (agents) that rate covers. The Node sender (`deliver()`) drives it,
 * its own ceiling on this machine measured first.
 */
import { DEFAULT_RETRY } from '../scenarios/index.js';
import { deliver } from '../sender/index.js';
import { peakHourCenter } from './center.js';
import { type CheckContext, percentile } from './grading.js';
import { freshen } from './material.js';
import { type SendSettings, senderCeiling } from './sender-ceiling.js';
import type { CapacityResult, CapacityStep, CheckResult } from './types.js';

/** More than this share of non-2xx answers is not keeping up (0.1%). */
const MAX_FAILED_SHARE = 0.001;
/** Each step asks this much more than the last until the receiver falls behind. */
const GROWTH = 1.5;
/** How long the sender's ceiling is measured, ms (shorter reads low: connections and JIT warm up). */
const CEILING_MS = 2000;
/** The most events the sender's ceiling is measured with (it stops at its time limit first, usually). */
const CEILING_EVENTS = 50_000;
/** Narrowing stops when the edge is known this closely. */
const PRECISION = 1.08;
/**
 * After a step the receiver did not keep up with, the ramp rests this long (ms) before the next:
 * a receiver's limit counts what it has just refused (a rate limiter's current window, a backlog
 * still draining), so a step sent straight after would be judged on the last one's overflow.
 */
const REST_AFTER_BAD_MS = 1100;

/** `count` notifications of the reference center, from `offset` on (cycling), fresh ids. */
function* centerMix(offset: number, count: number) {
  const stream = peakHourCenter().stream;
  let map = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const at = (offset + i) % stream.length;
    if (at === 0) map = new Map();
    yield freshen(stream[at] as (typeof stream)[number], map);
  }
}

interface Ramp {
  url: string;
  ctx: CheckContext;
  settings: SendSettings;
  stepMs: number;
  sent: number;
  /** When the ramp's time is up (performance.now() ms): a step still running then is cut off and dropped. */
  endsAt: number;
}

/** One step: `rate`/s for a step's time, judged. */
async function step(ramp: Ramp, rate: number, ceiling: number): Promise<CapacityStep | undefined> {
  const count = Math.max(20, Math.round((rate * ramp.stepMs) / 1000));
  const times: number[] = [];
  let ok = 0;
  let late = 0;
  let firstSent = Number.POSITIVE_INFINITY;
  let lastSent = Number.NEGATIVE_INFINITY;
  const deadlineMs = ramp.ctx.deadlineMs;
  const summary = await deliver(centerMix(ramp.sent, count), {
    target: ramp.url,
    engine: ramp.url.startsWith('http:') ? 'net' : 'node-http',
    concurrency: ramp.settings.concurrency,
    pace: { rate },
    maxAttempts: 1,
    retry: { ...DEFAULT_RETRY, timeoutMs: deadlineMs },
    ...(ramp.settings.secret !== undefined ? { secret: ramp.settings.secret } : {}),
    signatureFormat: ramp.ctx.format,
    signal: AbortSignal.timeout(Math.max(1, Math.round(ramp.endsAt - performance.now()))),
    stopGraceMs: 200,
    onOutcome: (o) => {
      // When it went out: the pace is judged by sends, not by the last answer's arrival.
      const sentAt = performance.now() - (o.latencyMs ?? 0);
      firstSent = Math.min(firstSent, sentAt);
      lastSent = Math.max(lastSent, sentAt);
      const ms = o.latencyMs ?? deadlineMs;
      times.push(ms);
      if (o.status === undefined || ms >= deadlineMs) late++;
      if (o.outcome === 'delivered' && ms < deadlineMs) ok++;
    },
  });
  ramp.sent += count;
  // Cut off by the ramp's time: not a step the receiver was judged on.
  if (summary.stopped) return undefined;
  // n sends paced at r/s span (n - 1) / r seconds.
  const span = (lastSent - firstSent) / 1000;
  const achieved =
    span > 0 ? (summary.events - 1) / span : summary.events / (summary.durationMs / 1000);
  const p99Ms = Math.round(percentile(times, 99));
  const s: CapacityStep = {
    rate: Math.round(rate),
    achieved: Math.round(achieved),
    sent: count,
    ok,
    notOk: count - ok,
    late,
    p99Ms,
    good: true,
  };
  const why = judge(s, ramp.ctx, ceiling);
  if (why) {
    s.good = false;
    s.why = why;
  }
  return s;
}

/** Why a step is not kept up with, or undefined. */
function judge(s: CapacityStep, ctx: CheckContext, ceiling: number): string | undefined {
  if (s.late > 0) return `${s.late} answers past ${ctx.deadlineMs / 1000} s or none`;
  if (s.notOk / s.sent > MAX_FAILED_SHARE) return `${s.notOk} of ${s.sent} answers not 200-205`;
  if (ctx.p99Ms !== undefined && s.p99Ms > ctx.p99Ms)
    return `p99 ${s.p99Ms} ms over --p99 ${ctx.p99Ms}`;
  if (s.achieved < 0.9 * s.rate && s.rate < 0.9 * ceiling) return `only ${s.achieved}/s delivered`;
  return undefined;
}

/**
 * Ramps up until a step fails (or the sender's ceiling), then narrows between the last good and
 * the first bad. The ramp grows by at least {@link GROWTH} a step, faster when the time allows few
 * steps (it reaches the ceiling in about half of them, leaving the rest to narrow). At least one
 * step runs, whatever the time left.
 */
async function search(ramp: Ramp, ceiling: number, budgetMs: number) {
  const started = performance.now();
  const steps: CapacityStep[] = [];
  const left = () => budgetMs - (performance.now() - started);
  const start = Math.max(10, ceiling / 40);
  const stepsToCeiling = Math.max(1, Math.floor(budgetMs / ramp.stepMs / 2));
  const growth = Math.max(GROWTH, (ceiling / start) ** (1 / stepsToCeiling));
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  let rate = start;
  let reachedCeiling = false;
  do {
    const s = await step(ramp, rate, ceiling);
    if (!s) break;
    steps.push(s);
    if (s.good) lo = Math.max(lo, rate);
    else {
      hi = Math.min(hi, rate);
      await new Promise((r) => setTimeout(r, Math.min(REST_AFTER_BAD_MS, Math.max(0, left()))));
    }
    reachedCeiling = s.good && rate >= 0.9 * ceiling;
    if (reachedCeiling) break;
    if (hi === Number.POSITIVE_INFINITY) rate = Math.min(rate * growth, ceiling);
    else if (hi / Math.max(lo, 1) <= PRECISION) break;
    else rate = lo === 0 ? hi / 2 : Math.sqrt(lo * hi);
  } while (left() > ramp.stepMs * 1.5);
  return { steps, reachedCeiling };
}

function verdictOf(
  c: CapacityResult,
  lastBad: CapacityStep | undefined,
): Pick<CheckResult, 'verdict' | 'summary'> {
  const n = (x: number | undefined) => x?.toLocaleString('en-US');
  const agents = `a center of about ${n(c.agents.peakSecond)} agents at its peak second, ${n(c.agents.busiest15m)} over its busiest 15 minutes`;
  if (c.sustainedPerSecond === 0)
    return {
      verdict: 'fail',
      summary: lastBad
        ? `kept up with no rate tried (${n(lastBad.rate)}/s: ${lastBad.why})`
        : 'no step finished within --capacity-time: the receiver answered too slowly to measure',
    };
  if (c.limitedBy === 'time')
    return {
      verdict: 'pass',
      summary: `at least ${n(c.sustainedPerSecond)}/s (the ramp's time ran out first; give it more with --capacity-time): ${agents}`,
    };
  if (c.limitedBy === 'sender')
    return {
      verdict: 'pass',
      summary: `at least ${n(c.sustainedPerSecond)}/s (the ramp stopped near the sender's ceiling, ${n(c.senderPerSecond)}/s measured alone here; scale out with --segments or the k6-operator): ${agents}`,
    };
  const line = `${n(c.sustainedPerSecond)}/s sustained, then ${n(lastBad?.rate)}/s: ${lastBad?.why}: ${agents}`;
  // Shedding load with errors: VCC retries each one, so past this rate the load comes back.
  const sheds =
    lastBad !== undefined && lastBad.late === 0 && lastBad.notOk / lastBad.sent > MAX_FAILED_SHARE;
  return sheds
    ? {
        verdict: 'warn',
        summary: `${line} (VCC retries those answers: past this rate they come back as more load)`,
      }
    : { verdict: 'pass', summary: line };
}

/** `capacity`, within `budgetMs` in all. */
export async function capacity(
  ctx: CheckContext,
  budgetMs: number,
): Promise<CheckResult & { capacity?: CapacityResult }> {
  const url = ctx.target.url;
  if (url === undefined)
    return {
      id: 'capacity',
      verdict: 'skip',
      summary:
        "capacity needs the receiver's URL (a real server): run vcc-sim check --target URL --capacity",
      evidence: [],
    };
  const started = performance.now();
  const settings: SendSettings = {
    secret: ctx.key ? Buffer.from(ctx.key).toString('base64') : undefined,
    concurrency: 256,
  };
  const { rates } = peakHourCenter();
  const ceiling = await senderCeiling(centerMix(0, CEILING_EVENTS), settings, CEILING_MS);
  const stepMs = Math.min(3000, Math.max(1000, budgetMs / 15));
  // The time given, or at least one whole step after the ceiling (a short --capacity-time).
  const endsAt = Math.max(started + budgetMs, performance.now() + stepMs * 2);
  const ramp: Ramp = { url, ctx, settings, stepMs, sent: CEILING_EVENTS, endsAt };
  const { steps, reachedCeiling } = await search(ramp, ceiling, ramp.endsAt - performance.now());
  const good = steps.filter((s) => s.good);
  const sustained = good.reduce((m, s) => Math.max(m, Math.min(s.achieved, s.rate)), 0);
  const bad = steps.filter((s) => !s.good);
  const lastBad = bad.reduce<CapacityStep | undefined>(
    (m, s) => (m === undefined || s.rate < m.rate ? s : m),
    undefined,
  );
  const c: CapacityResult = {
    sustainedPerSecond: sustained,
    limitedBy: bad.length > 0 ? 'receiver' : reachedCeiling ? 'sender' : 'time',
    senderPerSecond: Math.round(ceiling),
    agents: {
      peakSecond: Math.floor(sustained / rates.peakSecond),
      busiest15m: Math.floor(sustained / rates.busiest15m),
    },
    steps,
  };
  return { id: 'capacity', ...verdictOf(c, lastBad), evidence: [], capacity: c };
}
