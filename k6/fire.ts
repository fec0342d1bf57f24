/**
 * What the k6 entry scripts share: the config from `__ENV`, the custom metrics, firing one
 * notification or a hang-up pair (checks, metrics, signature), and the summary file.
 */
/// <reference types="k6" />
import { check } from 'k6';
import http, { type RefinedParams, type RefinedResponse } from 'k6/http';
import { Counter, Trend } from 'k6/metrics';
import { k6SecretKey, signBody } from './k6-signature.js';
import { type LoadConfig, METRICS, TREND_STATS, thresholdsFor } from './load-config.js';
import { type LoadTotals, readSummary, summaryText } from './summary.js';

/** Reads the run's config: `VCC_SIM_CONFIG` (JSON) or the file `VCC_SIM_CONFIG_FILE` (init context only). */
export function loadConfig(): LoadConfig {
  const text =
    __ENV['VCC_SIM_CONFIG'] ??
    (__ENV['VCC_SIM_CONFIG_FILE'] ? open(__ENV['VCC_SIM_CONFIG_FILE']) : undefined);
  if (!text)
    throw new Error(
      'No config: run this script through "vcc-sim load", or set VCC_SIM_CONFIG or VCC_SIM_CONFIG_FILE.',
    );
  return JSON.parse(text) as LoadConfig;
}

/** Options every script shares: thresholds with the summary's submetrics, trend stats. */
export function commonOptions(config: LoadConfig) {
  return {
    thresholds: thresholdsFor(config.thresholds, config.types),
    summaryTrendStats: TREND_STATS,
    discardResponseBodies: true,
    tags: { scenario_name: config.scenario },
  };
}

const sent = new Counter(METRICS.sent);
const failed = new Counter(METRICS.failed);
const latency = new Trend(METRICS.latency, true);
const pairs = new Counter(METRICS.pairs);
const answers = new Counter(METRICS.answers);

const statusTagCache = new Map<number, { status: string }>();
function statusTags(status: number): { status: string } {
  let t = statusTagCache.get(status);
  if (!t) {
    t = { status: String(status) };
    statusTagCache.set(status, t);
  }
  return t;
}
const PASS = { 'answered 2xx': () => true };
const FAIL = { 'answered 2xx': () => false };
const OK_CHECK = (ok: boolean) => (ok ? PASS : FAIL);

/** One notification to fire: its type and the exact body. */
export interface Outgoing {
  type: string;
  body: string;
}

type Params = RefinedParams<'none'>;

/** Fires notifications; a pair goes out concurrently with `http.batch`. */
export class Firer {
  private readonly key: ArrayBuffer | undefined;
  private readonly base: Record<string, string>;

  constructor(private readonly config: LoadConfig) {
    this.key = config.secret ? k6SecretKey(config.secret) : undefined;
    this.base = { 'content-type': 'application/cloudevents+json', ...config.headers };
  }

  /** Per type: its tags, and the request params when nothing varies per request (unsigned). */
  private readonly byType = new Map<string, { tags: { type: string }; params: Params }>();

  private forType(type: string) {
    let t = this.byType.get(type);
    if (!t) {
      const tags = { type };
      t = { tags, params: { headers: this.base, tags, responseType: 'none' } };
      this.byType.set(type, t);
    }
    return t;
  }

  private params(o: Outgoing): Params {
    const t = this.forType(o.type);
    if (!this.key) return t.params;
    const signature = signBody(o.body, this.key, this.config.signatureFormat);
    return {
      headers: { ...this.base, 'vonage-signature': signature },
      tags: t.tags,
      responseType: 'none',
    };
  }

  /** Fires one notification. */
  one(o: Outgoing): void {
    this.record(o, http.post(this.config.target, o.body, this.params(o)));
  }

  /** Fires the two notifications of a hang-up at once. */
  pair(a: Outgoing, b: Outgoing): void {
    const res = http.batch([
      ['POST', this.config.target, a.body, this.params(a)],
      ['POST', this.config.target, b.body, this.params(b)],
    ]) as RefinedResponse<'none'>[];
    pairs.add(1);
    this.record(a, res[0] as RefinedResponse<'none'>);
    this.record(b, res[1] as RefinedResponse<'none'>);
  }

  private record(o: Outgoing, res: RefinedResponse<'none'>): void {
    const tags = this.forType(o.type).tags;
    const ok = res.status >= 200 && res.status < 300;
    sent.add(1, tags);
    if (!ok) failed.add(1, tags);
    latency.add(res.timings.duration, tags);
    answers.add(1, statusTags(res.status));
    check(res, OK_CHECK(ok), tags);
  }
}

/**
 * `handleSummary`: the JSON summary file for the CLI when it asked for one, and a short text
 * summary on stdout (in the k6-operator's runner logs, say).
 */
export function summaryOutputs(
  config: LoadConfig,
  data: Parameters<typeof readSummary>[0],
): Record<string, string> {
  const totals: LoadTotals = readSummary(data, config.types);
  const out: Record<string, string> = {};
  if (config.summaryFile) out[config.summaryFile] = JSON.stringify(data);
  else out['stdout'] = summaryText(totals);
  return out;
}
