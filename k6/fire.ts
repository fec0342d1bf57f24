/**
 * What the k6 entry scripts share: the config from `__ENV`, firing one notification or a hang-up
 * pair (tags, check, signature), and the summary file.
 */
/// <reference types="k6" />
import { check } from 'k6';
import http, { type RefinedParams, type RefinedResponse } from 'k6/http';
import type { MalformedRequest } from '../scenarios/index.js';
import { STRUCTURED_CONTENT_TYPE } from '../wire/cloudevents.js';
import { SIGNATURE_HEADER } from '../wire/signature-format.js';
import { k6SecretKey, signBody } from './k6-signature.js';
import {
  type LoadConfig,
  PAIR_TAG_VALUE,
  SYSTEM_TAGS,
  TAGS,
  TREND_STATS,
  thresholdsFor,
} from './load-config.js';
import { type LoadTotals, readSummary, summaryText } from './summary.js';

/**
 * Reads the run's config: `VCC_SIM_CONFIG` (JSON) or the file `VCC_SIM_CONFIG_FILE` (init context
 * only; a relative path is the script's folder's). The signing secret may come on its own in
 * `VCC_SIM_SECRET` (the k6-operator's runners get it from a Kubernetes Secret), never in the file.
 */
export function loadConfig(): LoadConfig {
  const text =
    __ENV['VCC_SIM_CONFIG'] ??
    (__ENV['VCC_SIM_CONFIG_FILE'] ? open(__ENV['VCC_SIM_CONFIG_FILE']) : undefined);
  if (!text)
    throw new Error(
      'No config: run this script through "vcc-sim load", or set VCC_SIM_CONFIG or VCC_SIM_CONFIG_FILE.',
    );
  const config = JSON.parse(text) as LoadConfig;
  const secret = __ENV['VCC_SIM_SECRET'];
  if (secret && !config.secret) config.secret = secret.trim();
  return config;
}

/** Options every script shares: thresholds with the summary's submetrics, trend stats, tags. */
export function commonOptions(config: LoadConfig) {
  return {
    thresholds: thresholdsFor(config.thresholds, config.types, config.chaos !== undefined),
    summaryTrendStats: TREND_STATS,
    discardResponseBodies: true,
    systemTags: SYSTEM_TAGS,
    tags: { scenario_name: config.scenario },
  };
}

// A request fails when it is not answered 2xx: `http_req_failed` (and its submetric per type)
// then counts exactly what the `answered 2xx` check fails (k6's default also passes 3xx).
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }));

const PASS = { 'answered 2xx': () => true };
const FAIL = { 'answered 2xx': () => false };
// A malformed request (chaos) passes when refused with 4xx, and fails http_req_failed otherwise.
const REFUSED = { 'malformed refused with 4xx': () => true };
const NOT_REFUSED = { 'malformed refused with 4xx': () => false };
const EXPECT_4XX = http.expectedStatuses({ min: 400, max: 499 });
/** Another subscription's key: a chaos `bad-signature` is signed with it. */
const OTHER_KEY = new Uint8Array(32).fill(7).buffer;
/** A chaos `expired-signature` was made this long ago (past the signature's 300 s lifetime). */
const EXPIRED_AGO_S = 600;

/** One notification to fire: its type and the exact body. */
export interface Outgoing {
  type: string;
  body: string;
}

export type Params = RefinedParams<'none'>;
type Tags = Record<string, string>;

/**
 * Fires notifications; a pair goes out concurrently with `http.batch`. Nothing is recorded per
 * request but k6's own metrics: each request is tagged with its event type (and `pair` when it is
 * half of a hang-up pair), and the summary reads their submetrics (see `thresholdsFor`).
 */
export class Firer {
  private readonly key: ArrayBuffer | undefined;
  private readonly base: Record<string, string>;

  constructor(private readonly config: LoadConfig) {
    this.key = config.secret ? k6SecretKey(config.secret) : undefined;
    // Structured mode, VCC's: the pre-serialized notification is the body as it is.
    this.base = { 'content-type': STRUCTURED_CONTENT_TYPE, ...config.headers };
  }

  /** Per type: the tags and request params of a single request and of half a pair. */
  private readonly byType = new Map<string, { one: Params; pair: Params }>();

  private forType(type: string, fault?: string) {
    if (fault !== undefined) {
      // Chaos: tagged with its fault, built per request (chaos runs are small).
      const tags = (pair: boolean): Tags => ({
        [TAGS.type]: type,
        ...(pair ? { [TAGS.pair]: PAIR_TAG_VALUE } : {}),
        [TAGS.fault]: fault,
      });
      return {
        one: { headers: this.base, tags: tags(false) },
        pair: { headers: this.base, tags: tags(true) },
      };
    }
    let t = this.byType.get(type);
    if (!t) {
      // No `responseType`: `discardResponseBodies` says it, and k6 converts every key per request.
      const params = (tags: Tags): Params => ({ headers: this.base, tags });
      t = {
        one: params({ [TAGS.type]: type }),
        pair: params({ [TAGS.type]: type, [TAGS.pair]: PAIR_TAG_VALUE }),
      };
      this.byType.set(type, t);
    }
    return t;
  }

  /**
   * The params of a request of this type (half of a pair or not; tagged with its chaos fault, if
   * any), shared by every request of it: the pre-generated hot path looks them up once per block.
   * Unsigned runs only share them; a signed run signs each body (the type is all the params take
   * from it).
   */
  shared(type: string, inPair: boolean, fault?: string): Params {
    const t = this.forType(type, fault);
    return inPair ? t.pair : t.one;
  }

  /** Fires one notification with its type's {@link shared} params. */
  sharedOne(body: string, params: Params): void {
    const res = http.post(this.config.target, body, this.key ? this.signed(body, params) : params);
    // verify() inline: the hot path of a pre-generated run, where each call counts.
    check(res, res.status >= 200 && res.status < 300 ? PASS : FAIL);
  }

  /** Fires the two notifications of a hang-up at once, with their types' {@link shared} params. */
  sharedPair(a: string, paramsA: Params, b: string, paramsB: Params): void {
    const target = this.config.target;
    const res = http.batch([
      ['POST', target, a, this.key ? this.signed(a, paramsA) : paramsA],
      ['POST', target, b, this.key ? this.signed(b, paramsB) : paramsB],
    ]) as RefinedResponse<'none'>[];
    verify(res[0] as RefinedResponse<'none'>);
    verify(res[1] as RefinedResponse<'none'>);
  }

  /** The shared params with the body's own signature. */
  private signed(body: string, shared: Params): Params {
    const signature = signBody(body, this.key as ArrayBuffer, this.config.signatureFormat);
    return { headers: { ...this.base, [SIGNATURE_HEADER]: signature }, tags: shared.tags as Tags };
  }

  /** Fires one notification (tagged with its chaos fault, if any). */
  one(o: Outgoing, fault?: string): void {
    this.sharedOne(o.body, this.shared(o.type, false, fault));
  }

  /** Fires the two notifications of a hang-up at once. */
  pair(a: Outgoing, b: Outgoing, fault?: string): void {
    this.sharedPair(
      a.body,
      this.shared(a.type, true, fault),
      b.body,
      this.shared(b.type, true, fault),
    );
  }

  /** Fires a chaos malformed request once, signed as its `signing` says; a 4xx is its pass. */
  malformed(req: MalformedRequest): void {
    const headers: Record<string, string> = { ...this.base, 'content-type': req.contentType };
    const key = this.key;
    const format = this.config.signatureFormat;
    if (key) {
      const now = Math.floor(Date.now() / 1000);
      headers[SIGNATURE_HEADER] =
        req.signing === 'wrong-key'
          ? signBody(req.body, OTHER_KEY, format)
          : req.signing === 'expired'
            ? signBody(req.body, key, format, now - EXPIRED_AGO_S)
            : signBody(
                req.signing === 'tampered' ? (req.signedBody as string) : req.body,
                key,
                format,
              );
    }
    const res = http.post(this.config.target, req.body, {
      headers,
      tags: { [TAGS.type]: 'malformed', [TAGS.fault]: req.kind },
      responseCallback: EXPECT_4XX,
    });
    check(res, res.status >= 400 && res.status < 500 ? REFUSED : NOT_REFUSED);
  }
}

/** The check per answer: 2xx. */
function verify(res: RefinedResponse<'none'>): void {
  check(res, res.status >= 200 && res.status < 300 ? PASS : FAIL);
}

/**
 * `handleSummary`: the JSON summary file for the CLI when it asked for one, and a short text
 * summary on stdout (in the k6-operator's runner logs, say); nothing with `k6Summary`, so that k6
 * prints its own.
 */
export function summaryOutputs(
  config: LoadConfig,
  data: Parameters<typeof readSummary>[0],
): Record<string, string> | undefined {
  if (config.k6Summary) return undefined;
  const totals: LoadTotals = readSummary(data, config.types);
  const out: Record<string, string> = {};
  if (config.summaryFile) out[config.summaryFile] = JSON.stringify(data);
  else out['stdout'] = summaryText(totals);
  return out;
}
