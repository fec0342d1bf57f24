/**
 * Reads k6's end-of-test summary data (what `handleSummary` receives) into the totals `vcc-sim
 * load` reports, from k6's built-in HTTP metrics and the tagged submetrics `thresholdsFor` names;
 * merges the totals of several k6 instances, and prints them. Pure: used by the k6 scripts and by
 * the CLI.
 */

import { humanDuration } from '../generator/duration.js';
import { MALFORMATION_INFO, type Malformation } from '../scenarios/index.js';
import type { LatencyPercentiles } from '../wire/latency.js';
import {
  COUNTED_STATUSES,
  EXTRA_FAULTS,
  FAULT_KINDS,
  FAULT_STATUSES,
  SUBMETRICS,
} from './load-config.js';

/** The part of k6's summary data that is read here. */
export interface K6SummaryData {
  metrics: Record<
    string,
    { type?: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }
  >;
  state?: { testRunDurationMs?: number };
}

/** Latency of the answers, ms: the percentiles of wire's latency summary. */
export type LatencyTotals = LatencyPercentiles;

/** What one or more k6 instances fired and how the target answered. */
export interface LoadTotals {
  /** Notifications fired (one request each). */
  sent: number;
  /** Of them, answered with anything but 2xx (or not answered). */
  failed: number;
  /** Hang-up pairs fired together. */
  pairs: number;
  perType: Record<string, { sent: number; failed: number; p95: number }>;
  /** Answers by status (`0`: no answer); statuses not counted one by one are under `other`. */
  answers: Record<string, number>;
  latency: LatencyTotals;
  requests: number;
  requestsPerSecond: number;
  durationMs: number;
  droppedIterations: number;
  /** Thresholds that failed, as `metric: expression`. */
  thresholdsFailed: string[];
  /** When the totals merge several instances: their count (latency is then the worst instance's). */
  instances: number;
  /** Chaos: how the target answered each kind of fault (requests carrying it). */
  faults?: Record<string, FaultTotals>;
}

/** How the target answered the requests carrying one kind of chaos fault. */
export interface FaultTotals {
  sent: number;
  /** What a correct receiver answers: `2xx`, or `4xx` for a malformed request. */
  expected: '2xx' | '4xx';
  /** The precise answer a correct receiver gives, where there is one (401 for a bad signature). */
  precise?: number;
  /** Answers by status (`0`: no answer; `other`: a status not counted one by one). */
  answers: Record<string, number>;
  /** Answers that matched `expected`. */
  ok: number;
}

/**
 * Chaos: requests that are not a planned event's first delivery (duplicates, malformed requests),
 * and of the malformed ones, how many there were and how many were answered 2xx.
 *
 * @example
 * chaosExtras(totals) // { extra: 12, malformed: 7, malformedAccepted: 0 }
 */
export function chaosExtras(t: LoadTotals | undefined): {
  extra: number;
  malformed: number;
  malformedAccepted: number;
} {
  let extra = 0;
  let malformed = 0;
  let malformedAccepted = 0;
  for (const [kind, f] of Object.entries(t?.faults ?? {})) {
    if (EXTRA_FAULTS.includes(kind)) extra += f.sent;
    if (f.expected === '4xx') {
      malformed += f.sent;
      for (const [s, c] of Object.entries(f.answers)) if (s.startsWith('2')) malformedAccepted += c;
    }
  }
  return { extra, malformed, malformedAccepted };
}

function readFaults(value: (name: string, key: string) => number): LoadTotals['faults'] {
  const faults: Record<string, FaultTotals> = {};
  for (const kind of FAULT_KINDS) {
    const sent = value(SUBMETRICS.fault(kind), 'count');
    if (sent === 0) continue;
    const expected = EXTRA_FAULTS.includes(kind) && kind !== 'duplicate' ? '4xx' : '2xx';
    const answers: Record<string, number> = {};
    let counted = 0;
    let ok = 0;
    for (const s of FAULT_STATUSES) {
      const c = value(SUBMETRICS.faultAnswers(kind, s), 'count');
      if (c === 0) continue;
      answers[String(s)] = c;
      counted += c;
      if (expected === '2xx' ? s >= 200 && s < 300 : s >= 400 && s < 500) ok += c;
    }
    if (sent > counted) answers['other'] = sent - counted;
    const precise =
      expected === '4xx' ? MALFORMATION_INFO[kind as Malformation].expectStatus : undefined;
    faults[kind] = { sent, expected, ...(precise ? { precise } : {}), answers, ok };
  }
  return Object.keys(faults).length > 0 ? faults : undefined;
}

const round = (n: number | undefined) => Math.round((n ?? 0) * 100) / 100;

/**
 * Totals from k6's summary data.
 *
 * @example
 * const totals = readSummary(JSON.parse(readFileSync('summary.json', 'utf8')), types);
 */
export function readSummary(data: K6SummaryData, types: readonly string[]): LoadTotals {
  const m = data.metrics;
  const value = (name: string, key: string) => m[name]?.values[key] ?? 0;
  const perType: LoadTotals['perType'] = {};
  for (const t of types) {
    const s = value(SUBMETRICS.sent(t), 'count');
    if (s === 0) continue;
    perType[t] = {
      sent: s,
      // http_req_failed is a Rate: `passes` counts the requests that failed.
      failed: value(SUBMETRICS.failed(t), 'passes'),
      p95: round(value(SUBMETRICS.latency(t), 'p(95)')),
    };
  }
  // Every request is one notification.
  const sent = value('http_reqs', 'count');
  const answers: Record<string, number> = {};
  let counted = 0;
  for (const s of COUNTED_STATUSES) {
    const c = value(SUBMETRICS.answers(s), 'count');
    if (c > 0) answers[String(s)] = c;
    counted += c;
  }
  if (sent - counted > 0) answers['other'] = sent - counted;
  const thresholdsFailed: string[] = [];
  for (const [name, metric] of Object.entries(m)) {
    for (const [expr, r] of Object.entries(metric.thresholds ?? {}))
      if (!r.ok) thresholdsFailed.push(`${name}: ${expr}`);
  }
  const durationMs = data.state?.testRunDurationMs ?? 0;
  const requests = value('http_reqs', 'count');
  const faults = readFaults(value);
  return {
    ...(faults ? { faults } : {}),
    sent,
    failed: value('http_req_failed', 'passes'),
    // Both requests of a pair carry the pair tag.
    pairs: Math.floor(value(SUBMETRICS.pairRequests, 'count') / 2),
    perType,
    answers,
    latency: {
      p50: round(value('http_req_duration', 'p(50)')),
      p95: round(value('http_req_duration', 'p(95)')),
      p99: round(value('http_req_duration', 'p(99)')),
      max: round(value('http_req_duration', 'max')),
    },
    requests,
    requestsPerSecond: durationMs > 0 ? round(requests / (durationMs / 1000)) : 0,
    durationMs: Math.round(durationMs),
    droppedIterations: value('dropped_iterations', 'count'),
    thresholdsFailed,
    instances: 1,
  };
}

/**
 * Merges the totals of k6 instances that ran side by side (execution segments): counts add up,
 * requests/s is over the longest instance, latency is the worst instance's.
 *
 * @example
 * const all = mergeTotals(segments.map((s) => readSummary(s, types)));
 */
export function mergeTotals(parts: readonly LoadTotals[]): LoadTotals {
  const [first, ...rest] = parts;
  if (!first) throw new Error('mergeTotals needs at least one part');
  const out: LoadTotals = structuredCloneTotals(first);
  for (const p of rest) {
    out.sent += p.sent;
    out.failed += p.failed;
    out.pairs += p.pairs;
    out.requests += p.requests;
    out.droppedIterations += p.droppedIterations;
    out.durationMs = Math.max(out.durationMs, p.durationMs);
    for (const [t, v] of Object.entries(p.perType)) {
      const o = out.perType[t] ?? { sent: 0, failed: 0, p95: 0 };
      out.perType[t] = o;
      o.sent += v.sent;
      o.failed += v.failed;
      o.p95 = Math.max(o.p95, v.p95);
    }
    for (const [s, c] of Object.entries(p.answers)) out.answers[s] = (out.answers[s] ?? 0) + c;
    for (const k of ['p50', 'p95', 'p99', 'max'] as const)
      out.latency[k] = Math.max(out.latency[k], p.latency[k]);
    for (const t of p.thresholdsFailed)
      if (!out.thresholdsFailed.includes(t)) out.thresholdsFailed.push(t);
    out.instances += p.instances;
    for (const [k, f] of Object.entries(p.faults ?? {})) {
      out.faults ??= {};
      const o = out.faults[k];
      if (!o) {
        out.faults[k] = { ...f, answers: { ...f.answers } };
        continue;
      }
      o.sent += f.sent;
      o.ok += f.ok;
      for (const [s, c] of Object.entries(f.answers)) o.answers[s] = (o.answers[s] ?? 0) + c;
    }
  }
  out.requestsPerSecond = out.durationMs > 0 ? round(out.requests / (out.durationMs / 1000)) : 0;
  return out;
}

function structuredCloneTotals(t: LoadTotals): LoadTotals {
  return {
    ...t,
    perType: Object.fromEntries(Object.entries(t.perType).map(([k, v]) => [k, { ...v }])),
    answers: { ...t.answers },
    latency: { ...t.latency },
    thresholdsFailed: [...t.thresholdsFailed],
    ...(t.faults
      ? {
          faults: Object.fromEntries(
            Object.entries(t.faults).map(([k, f]) => [k, { ...f, answers: { ...f.answers } }]),
          ),
        }
      : {}),
  };
}

/** `12,345`: by hand, because k6's runtime takes toLocaleString's argument for a radix. */
export function fmt(n: number): string {
  const [whole, frac] = String(Math.round(n * 100) / 100).split('.');
  const grouped = (whole as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${grouped}.${frac}` : grouped;
}

/**
 * The totals as lines of text.
 *
 * @example
 * process.stdout.write(summaryText(totals));
 */
export function summaryText(t: LoadTotals): string {
  const types = Object.entries(t.perType)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([type, v]) =>
        `    ${type.padEnd(32)} ${fmt(v.sent).padStart(8)} sent ${fmt(v.failed).padStart(6)} failed   p95 ${v.p95} ms`,
    )
    .join('\n');
  const answers =
    Object.entries(t.answers)
      .map(([s, c]) => `${s === '0' ? 'no answer' : s} x${fmt(c)}`)
      .join(', ') || 'none';
  const worst = t.instances > 1 ? ` (worst of ${t.instances} k6 instances)` : '';
  return (
    `k6 fired ${fmt(t.sent)} events (${fmt(t.failed)} failed) in ${humanDuration(t.durationMs)}` +
    `${t.instances > 1 ? ` over ${t.instances} k6 instances` : ''}, ${fmt(t.pairs)} hang-up pairs together\n` +
    (types ? `  per type:\n${types}\n` : '') +
    `  answers: ${answers}\n` +
    `  latency ms${worst}: p50 ${t.latency.p50}, p95 ${t.latency.p95}, p99 ${t.latency.p99}, max ${t.latency.max}\n` +
    `  ${fmt(t.requests)} requests, ${t.requestsPerSecond} requests/s` +
    `${t.droppedIterations ? `, ${fmt(t.droppedIterations)} dropped iterations` : ''}\n` +
    faultsText(t.faults) +
    (t.thresholdsFailed.length > 0
      ? `  thresholds failed: ${t.thresholdsFailed.join('; ')}\n`
      : '  thresholds: all passed\n')
  );
}

/** Chaos: how the target answered each fault, as `fire` reports it. */
function faultsText(faults: LoadTotals['faults']): string {
  if (!faults) return '';
  const lines = FAULT_KINDS.filter((k) => faults[k]).map((k) => {
    const f = faults[k] as FaultTotals;
    const want = `want ${f.expected}${f.precise ? ` (${f.precise})` : ''}`;
    const got = Object.entries(f.answers)
      .map(([s, c]) => `${s === '0' ? 'no answer' : s} x${fmt(c)}`)
      .join(', ');
    const verdict = f.ok === f.sent ? 'ok' : `NOT ok: ${fmt(f.sent - f.ok)} answered otherwise`;
    return `    ${k.padEnd(22)} ${fmt(f.sent).padStart(5)} sent, ${want.padEnd(16)} got ${got.padEnd(24)} ${verdict}\n`;
  });
  return `  faults (how the target answered):\n${lines.join('')}`;
}
