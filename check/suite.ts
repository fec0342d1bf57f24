/**
 * The suite: which checks run (`only`, `skip`, capacity only when asked), in order, against a URL
 * or an in-process handler, and the report.
 */
import { SimError } from '../generator/index.js';
import { secretKey } from '../wire/signature.js';
import type { SignatureFormat } from '../wire/signature-format.js';
import { capacity } from './capacity.js';
import { badInput } from './check-bad-input.js';
import { deadline } from './check-deadline.js';
import { signatureRequired } from './check-signature.js';
import {
  acceptsEveryType,
  duplicates,
  forwardCompatible,
  outOfOrder,
  pairRace,
} from './checks-delivery.js';
import { diagnose } from './diagnosis.js';
import { type CheckContext, VCC_DEADLINE_MS } from './grading.js';
import { guardTimeouts, MAX_MISSES, NOT_SENT } from './guard.js';
import { cannotConnect, connectError, signatureForm } from './preflight.js';
import {
  handlerTarget,
  isLoopback,
  type ProbeTarget,
  type RequestListener,
  urlTarget,
} from './target.js';
import {
  type CapacityResult,
  CHECK_IDS,
  type CheckId,
  type CheckReport,
  type CheckResult,
} from './types.js';

/** Options of {@link checkReceiver}. */
export interface CheckOptions {
  /** The receiver's URL (http or https). Give this or `handler`. */
  target?: string;
  /** A node:http request listener (an Express app) run in process, with no port. */
  handler?: RequestListener;
  /** With `handler`: the path the probes are POSTed to (the route your app serves). Default `/webhook`. */
  path?: string;
  /** The base64 subscription secret: sign the probes, and check that forgeries are refused. */
  secret?: string;
  /** Run only these checks. */
  only?: readonly CheckId[];
  /** Leave these out. */
  skip?: readonly CheckId[];
  /** The answers' p99 must stay under this many ms (the `deadline` and `capacity` checks). */
  p99Ms?: number;
  /** Measure the capacity too (it loads the receiver; needs `target`). Default false. */
  capacity?: boolean;
  /** Let `capacity` load a `target` that is not on loopback. Default false. */
  allowRemote?: boolean;
  /** How long the capacity ramp may take, ms. Default 60 000. */
  capacityTimeMs?: number;
  /**
   * The delivery deadline, ms. Default 10 000: VCC's, and what the checks are documented against.
   * A receiver's own tests may shorten it to check the deadline without waiting 10 s per case.
   */
  deadlineMs?: number;
  /**
   * Write `Vonage-Signature` in this form on every probe: `jwt` (bare) or `bearer`. Default: the
   * form the receiver takes, found by sending both first (the bare JWT when it takes both).
   */
  signatureFormat?: SignatureFormat;
  /** Called as each check ends. */
  onCheck?: (result: CheckResult) => void;
}

type Runner = (
  ctx: CheckContext,
  o: CheckOptions,
) => Promise<CheckResult & { capacity?: CapacityResult }>;

const RUNNERS: Record<CheckId, Runner> = {
  'accepts-every-type': acceptsEveryType,
  'signature-required': signatureRequired,
  duplicates,
  'out-of-order': outOfOrder,
  'pair-race': pairRace,
  'forward-compatible': forwardCompatible,
  'bad-input': badInput,
  deadline,
  capacity: (ctx, o) => capacity(ctx, o.capacityTimeMs ?? 60_000),
};

function checkIds(ids: readonly string[] | undefined, option: 'only' | 'skip'): void {
  for (const id of ids ?? []) {
    if (!(CHECK_IDS as readonly string[]).includes(id))
      throw new SimError(
        'usage',
        `Unknown check "${id}" in ${option}: give one of ${CHECK_IDS.join(', ')}.`,
        {
          option,
          allowed: `not a check: give one of ${CHECK_IDS.join(', ')}`,
        },
      );
  }
}

/**
 * The checks to run, in order: `only` if given (capacity included when named), else every check
 * but capacity; capacity too with `capacity`; less `skip`.
 *
 * @example
 * selectChecks({ only: ['capacity'] }) // ['capacity']
 */
export function selectChecks(o: Pick<CheckOptions, 'only' | 'skip' | 'capacity'>): CheckId[] {
  checkIds(o.only, 'only');
  checkIds(o.skip, 'skip');
  // --capacity adds capacity to --only's list too.
  const wanted = (id: CheckId) =>
    (id === 'capacity' && o.capacity === true) ||
    (o.only && o.only.length > 0 ? o.only.includes(id) : id !== 'capacity');
  return CHECK_IDS.filter((id) => wanted(id) && !o.skip?.includes(id));
}

function positive(value: number | undefined, option: string, what: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0))
    throw new SimError('usage', `Invalid ${option} ${value}: give ${what}.`, {
      option,
      allowed: `give ${what}`,
    });
}

function targetOf(o: CheckOptions, deadlineMs: number): ProbeTarget {
  if (o.handler !== undefined) {
    if (typeof o.handler !== 'function')
      throw new SimError(
        'usage',
        'checkReceiver: handler must be a request listener, (req, res) => ..., or an Express app.',
      );
    if (o.path !== undefined && !o.path.startsWith('/'))
      throw new SimError(
        'usage',
        `Invalid path "${o.path}": give the route the handler serves, e.g. /vcc.`,
        {
          option: 'path',
          allowed: 'give the route the handler serves, starting with /, e.g. /vcc',
        },
      );
    return handlerTarget(o.handler, deadlineMs, o.path);
  }
  const url = o.target;
  let u: URL | undefined;
  try {
    u = url === undefined ? undefined : new URL(url);
  } catch {}
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:'))
    throw new SimError(
      'usage',
      `Invalid target "${url ?? ''}": give the receiver's URL, e.g. http://127.0.0.1:3000/webhook.`,
      {
        option: 'target',
        allowed: "give the receiver's http(s) URL, e.g. http://127.0.0.1:3000/webhook",
      },
    );
  return urlTarget(u.href, deadlineMs);
}

/** A check stopped for timeouts with nothing accepted: the receiver is not answering it. */
function silent(result: CheckResult, notSent: number): boolean {
  return notSent > 0 && !result.evidence.some((x) => x.status !== undefined && x.status < 300);
}

/**
 * Each check in turn, on a target that stops sending after two timeouts in it; after two checks
 * in a row stopped so with nothing accepted, the rest are not run (skip, saying why).
 */
async function runChecks(ids: readonly CheckId[], ctx: CheckContext, options: CheckOptions) {
  const checks: CheckResult[] = [];
  let capacityResult: CheckReport['capacity'];
  const silentIds: CheckId[] = [];
  for (const id of ids) {
    const t0 = performance.now();
    let result: CheckResult;
    if (silentIds.length >= 2) {
      result = {
        id,
        verdict: 'skip',
        summary: `not run: the receiver accepted nothing and stopped answering in ${silentIds.join(' and ')} (${NOT_SENT})`,
        evidence: [],
      };
    } else {
      const guard = guardTimeouts(ctx.target, ctx.deadlineMs);
      const { capacity: measured, ...ran } = await RUNNERS[id](
        { ...ctx, target: guard.target },
        options,
      );
      result = ran;
      if (measured) capacityResult = measured;
      const held = guard.notSent();
      if (held > 0) result.summary += `; ${held} more not sent after ${MAX_MISSES} timeouts`;
      if (silent(result, held)) silentIds.push(id);
      else if (result.verdict !== 'skip') silentIds.length = 0;
    }
    result.durationMs = Math.round(performance.now() - t0);
    checks.push(result);
    options.onCheck?.(result);
  }
  return { checks, capacityResult };
}

/**
 * Runs the conformance suite against a receiver: its URL (`target`) or, in its own tests, its
 * node:http/Express handler in process (`handler`, no port). Resolves with every check's verdict
 * and evidence; `failed` lists the checks that failed.
 *
 * @example
 * import { checkReceiver } from 'vcc-event-sim/check';
 * const report = await checkReceiver({ handler: app, secret: process.env.VCC_SECRET });
 * expect(report.failed).toEqual([]);
 */
export async function checkReceiver(options: CheckOptions): Promise<CheckReport> {
  const ids = selectChecks(options);
  if (ids.length === 0)
    throw new SimError('usage', 'only and skip leave no check to run: skip fewer.', {
      option: 'skip',
      allowed: 'skip fewer checks than only names',
    });
  if (
    ids.includes('capacity') &&
    options.target !== undefined &&
    URL.canParse(options.target) &&
    !isLoopback(new URL(options.target)) &&
    options.allowRemote !== true
  )
    throw new SimError(
      'usage',
      `capacity loads the receiver, and ${new URL(options.target).hostname} is not loopback: give allowRemote: true to load it anyway.`,
    );
  positive(options.p99Ms, 'p99', 'milliseconds > 0, e.g. 500');
  positive(options.capacityTimeMs, 'capacityTime', 'milliseconds > 0, e.g. 60000');
  positive(options.deadlineMs, 'deadlineMs', 'milliseconds > 0 (VCC waits 10000)');
  const sf = options.signatureFormat;
  if (sf !== undefined && sf !== 'jwt' && sf !== 'bearer')
    throw new SimError('usage', `Invalid signatureFormat "${sf}": give jwt or bearer.`, {
      option: 'signatureFormat',
      allowed: 'give jwt (the bare JWT) or bearer (Bearer <JWT>)',
    });
  const key = options.secret !== undefined ? secretKey(options.secret) : undefined;
  const deadlineMs = options.deadlineMs ?? VCC_DEADLINE_MS;
  const target = targetOf(options, deadlineMs);
  const started = performance.now();
  const refused = target.url ? await connectError(target.url, deadlineMs) : undefined;
  if (refused) {
    target.close();
    throw new SimError('delivery', cannotConnect(target.url as string, refused));
  }
  const format =
    options.signatureFormat ?? (key ? await signatureForm(target, key, deadlineMs) : 'jwt');
  const ctx: CheckContext = {
    target,
    key,
    deadlineMs,
    p99Ms: options.p99Ms,
    format,
    signing: { key, format },
  };
  let run: Awaited<ReturnType<typeof runChecks>>;
  try {
    run = await runChecks(ids, ctx, options);
  } finally {
    target.close();
  }
  const { checks, capacityResult } = run;
  const diagnosis = diagnose(checks, key !== undefined);
  return {
    target: target.name,
    checks,
    failed: checks.filter((c) => c.verdict === 'fail').map((c) => c.id),
    warned: checks.filter((c) => c.verdict === 'warn').map((c) => c.id),
    ...(capacityResult ? { capacity: capacityResult } : {}),
    ...(diagnosis ? { diagnosis } : {}),
    durationMs: Math.round(performance.now() - started),
  };
}
