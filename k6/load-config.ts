/**
 * The configuration `vcc-sim load` hands to the k6 scripts (as JSON in `VCC_SIM_CONFIG`, or a file
 * named by `VCC_SIM_CONFIG_FILE`), and the pure helpers both sides share. No k6 or Node imports.
 */
import type { SimulationOptions } from '../generator/simulation/options.js';
import type { ChaosProfile } from '../scenarios/index.js';
import { MALFORMATIONS } from '../scenarios/index.js';
import type { SignatureFormat } from '../wire/signature-format.js';

export type { SignatureFormat };

/** One stage of a ramping arrival rate. */
export interface RateStage {
  /** Iterations (notifications) per second at the end of the stage. */
  target: number;
  /** e.g. `'5s'`. */
  duration: string;
}

/**
 * Everything a k6 script needs to fire a run.
 *
 * @example
 * const config: LoadConfig = { mode: 'live', target: 'http://127.0.0.1:8080/webhook', scenario: 'smoke',
 *   simulation: { agents: 4, duration: '10m' }, teams: [0], speed: 60, vus: 1, maxDuration: '1m',
 *   signatureFormat: 'jwt', headers: {}, thresholds: {}, types: ['channel.wrapstarted.v0'] };
 */
export interface LoadConfig {
  /** `live`: each VU simulates one team; `replay`: fire the lines of an NDJSON file. */
  mode: 'live' | 'replay';
  /** The receiver URL. */
  target: string;
  /** The scenario's name (tags and the report title). */
  scenario: string;
  /** Live: the simulated center. */
  simulation?: SimulationOptions;
  /** Live: the team indexes to simulate, one per iteration. */
  teams?: number[];
  /** Simulated seconds per real second: `--speed`, or the scenario's `speed`. */
  speed: number;
  /** VUs: live, at most one per team; replay, the pre-allocated VUs of the arrival-rate executor. */
  vus: number;
  /** Cap on the run's real time, e.g. `'1m'`. */
  maxDuration: string;
  /** How long iterations may finish after `maxDuration` (k6's gracefulStop). Default `'2s'`. */
  gracefulStop?: string;
  /** Base64 subscription secret: sign every request as VCC does. */
  secret?: string;
  signatureFormat: SignatureFormat;
  /** Extra request headers. */
  headers: Record<string, string>;
  /** k6 thresholds by metric name. */
  thresholds: Record<string, string[]>;
  /** The event types the run can fire: one submetric each in the summary. */
  types: string[];
  /** Replay: the NDJSON file (absolute, or relative to the script). */
  events?: string;
  /** Replay: its number of events. */
  count?: number;
  /** Replay: a constant rate, notifications per second. */
  rate?: number;
  /** Replay without a rate: stages that follow the file's timeline. */
  stages?: RateStage[];
  /**
   * Live: simulate the instance's teams once, in k6's init context, into a SharedArray, and only
   * fire them in the iterations (same requests, less CPU per request during the run).
   */
  pregenerate?: boolean;
  /**
   * Live: the live feed's WebSocket URL (`ws://127.0.0.1:…/feed`): `vcc-sim load` simulates the
   * teams in Node and hands each VU its team's sends a block at a time; the VUs only fire them.
   * Without it (the k6-operator's runners, `--no-live-feed`, chaos) each VU simulates its team.
   */
  feed?: string;
  /** Live: inject the chaos scenario's faults from k6 (not with `pregenerate`). */
  chaos?: ChaosProfile;
  /** Live with chaos: the seed its draws come from. */
  chaosSeed?: string;
  /** Live: the run's start (ms since epoch) that timestamps are re-based to; shared by segments. */
  runStartMs?: number;
  /** Where `handleSummary` writes the JSON summary the CLI reads. */
  summaryFile?: string;
  /**
   * `handleSummary` returns nothing, so k6 prints its own end-of-test summary (`--k6-summary`); the
   * CLI reads the data from `--summary-export` instead of `summaryFile`.
   */
  k6Summary?: boolean;
}

/**
 * The live feed's protocol, over one WebSocket per team (`feed?team=T&offset=MS`, the offset
 * re-bases the team's stream as `shiftedSimulation` does): the VU sends `FEED_NEXT` for each
 * block it wants, the feed answers each with the next block of sends (`pregenerated-sends.ts`'s
 * format), then with `FEED_END` for every request past the last block.
 */
export const FEED_NEXT = 'next';
export const FEED_END = '';

/**
 * Sends per block of the live feed: a VU holds two (the one it fires, the next one), about 70 KB
 * each, where pre-generation's 512 would be four times that per VU.
 */
export const FEED_BLOCK_SENDS = 128;

/**
 * The most events one k6 instance pre-generates (`--pregenerate` holds them all in memory, about a
 * kilobyte each): past it, split the teams over more instances or simulate live.
 */
export const PREGENERATE_MAX_EVENTS = 2_000_000;

/**
 * Without `--pregenerate` or `--no-pregenerate`, a live run pre-generates when it asks each k6
 * instance for at least this many events per second on average: simulating in k6's JavaScript
 * runtime takes about 50 us of CPU per event here, and peaks run two or three times the mean, so
 * past it the simulation takes a large share of a core from the requests and can fall behind.
 */
export const PREGENERATE_AUTO_RATE = 2_000;

/** ... and when each instance then holds at most this many events (about half a GB at the peak). */
export const PREGENERATE_AUTO_MAX_EVENTS = 300_000;

/**
 * The tags k6 puts on each request's samples: fewer than its default (no url, name, proto, group,
 * tls_version...; every request goes to the one target), because each tag is work per sample when
 * k6 matches samples to submetrics, and the summary reads only these.
 */
export const SYSTEM_TAGS = [
  'status',
  'method',
  'error',
  'error_code',
  'check',
  'scenario',
  'expected_response',
];

/**
 * The metrics a run of ours has: k6's built-in ones for HTTP (the scripts define none of their
 * own). A threshold on any other would make k6 refuse the script (exit 104) after planning.
 */
export const K6_METRICS: readonly string[] = [
  'checks',
  'data_received',
  'data_sent',
  'dropped_iterations',
  'http_req_blocked',
  'http_req_connecting',
  'http_req_duration',
  'http_req_failed',
  'http_req_receiving',
  'http_req_sending',
  'http_req_tls_handshaking',
  'http_req_waiting',
  'http_reqs',
  'iteration_duration',
  'iterations',
  'vus',
  'vus_max',
];

/** Every tag a sample of ours can carry, so a threshold on any other names an empty submetric. */
export const SAMPLE_TAGS: readonly string[] = [
  ...SYSTEM_TAGS,
  'type',
  'pair',
  'fault',
  'scenario_name',
];

/** Answer statuses counted one by one in the summary (the rest count as `other`). */
export const COUNTED_STATUSES = [
  0, 200, 201, 202, 204, 400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 429, 500, 502, 503, 504,
] as const;

/** The trend statistics the summary carries. */
export const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(50)', 'p(95)', 'p(99)'];

/**
 * The request tags the summary reads through k6's built-in metrics (`http_reqs`,
 * `http_req_failed`, `http_req_duration`): every request carries its event `type`; the two
 * requests of a hang-up pair also carry `pair`. Answers are counted by k6's own `status` tag.
 */
export const TAGS = { type: 'type', pair: 'pair', fault: 'fault' } as const;

/** The `pair` tag's value on the requests of a hang-up pair. */
export const PAIR_TAG_VALUE = 'true';

/**
 * The built-in submetrics the summary reads (k6 reports a submetric only when a threshold names
 * it): requests, failures and latency per event type, requests per status and of pairs.
 *
 * @example
 * SUBMETRICS.sent('channel.ended.v0') // 'http_reqs{type:channel.ended.v0}'
 */
export const SUBMETRICS = {
  sent: (type: string) => `http_reqs{${TAGS.type}:${type}}`,
  failed: (type: string) => `http_req_failed{${TAGS.type}:${type}}`,
  latency: (type: string) => `http_req_duration{${TAGS.type}:${type}}`,
  answers: (status: number) => `http_reqs{status:${status}}`,
  pairRequests: `http_reqs{${TAGS.pair}:${PAIR_TAG_VALUE}}`,
  /** Chaos: the requests carrying a fault, and of them those answered `status`. */
  fault: (kind: string) => `http_reqs{${TAGS.fault}:${kind}}`,
  faultAnswers: (kind: string, status: number) =>
    `http_reqs{${TAGS.fault}:${kind},status:${status}}`,
} as const;

/** Chaos: the fault kinds (the malformations after the three delivery faults). */
export const FAULT_KINDS = [
  'duplicate',
  'out-of-order',
  'delayed-retry',
  ...MALFORMATIONS,
] as const;

/** Chaos: the faults whose requests are extra (not a planned event's first delivery). */
export const EXTRA_FAULTS: readonly string[] = ['duplicate', ...MALFORMATIONS];

/** Chaos: the answers counted per fault kind. */
export const FAULT_STATUSES = [0, 200, 201, 202, 204, 400, 401, 403, 413, 415, 422, 500] as const;

/**
 * The scenario's thresholds plus one always-true threshold per submetric the summary needs (k6
 * reports a submetric only when a threshold names it).
 *
 * @example
 * thresholdsFor({ http_req_failed: ['rate<0.01'] }, ['channel.wrapstarted.v0'])
 */
export function thresholdsFor(
  scenario: Record<string, string[]>,
  types: readonly string[],
  chaos = false,
): Record<string, string[]> {
  const out: Record<string, string[]> = { ...scenario };
  const add = (metric: string, expr: string) => {
    out[metric] = [...(out[metric] ?? []), expr];
  };
  add(SUBMETRICS.pairRequests, 'count>=0');
  for (const t of types) {
    add(SUBMETRICS.sent(t), 'count>=0');
    add(SUBMETRICS.failed(t), 'rate>=0');
    add(SUBMETRICS.latency(t), 'max>=0');
  }
  for (const s of COUNTED_STATUSES) add(SUBMETRICS.answers(s), 'count>=0');
  if (chaos)
    for (const k of FAULT_KINDS) {
      add(SUBMETRICS.fault(k), 'count>=0');
      for (const s of FAULT_STATUSES) add(SUBMETRICS.faultAnswers(k, s), 'count>=0');
    }
  return out;
}

/** A stream line's CloudEvents type, without parsing the whole line when it is in our order. */
export function lineType(line: string): string {
  const m = /^\{"specversion":"[^"]*","type":"([^"]+)"/.exec(line);
  if (m) return m[1] as string;
  try {
    const t = (JSON.parse(line) as { type?: unknown }).type;
    return typeof t === 'string' ? t : 'unknown';
  } catch {
    return 'unknown';
  }
}
