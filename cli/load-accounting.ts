/**
 * What a `vcc-sim load` run accounts for once k6 is done: the events planned against those k6
 * fired and those the built-in receiver got, and the exit code that follows. Pure.
 */
import { chaosExtras, type LoadTotals } from '../k6/index.js';
import type { ReceiverStats } from '../receiver/index.js';
import { EXIT } from './cli-error.js';

/** Planned vs fired vs received, and the problems found (none: `ok`). */
export interface LoadAccounting {
  /** Planned events k6 did not fire (negative: fired beyond the plan). */
  notFired: number;
  /** Requests k6 sent that the built-in receiver did not get. */
  lost: number;
  /**
   * Requests the built-in receiver got that k6 did not count: cut off in flight as the run
   * stopped (k6 counts a request when its answer comes). Not lost, and no problem when the run
   * stopped early.
   */
  uncounted: number;
  /** Hang-up pairs incomplete at the built-in receiver, when every event was fired and answered 2xx. */
  pairsPending: number;
  /**
   * Requests answered 2xx: by the built-in receiver's count, or (with `--target`) by k6's. An
   * event received but answered otherwise (500, 401...) is not accepted.
   */
  accepted: number;
  /**
   * Requests that arrived but were not accepted: at the built-in receiver, those answered other
   * than 2xx; with `--target`, those k6 fired that were not answered 2xx (or not answered).
   */
  notAccepted: number;
  ok: boolean;
  problems: string[];
}

/** What the accounting compares. */
export interface LoadOutcome {
  mode: 'live' | 'replay';
  planned: number;
  /** Distinct (source, id) among the planned events. */
  distinct: number;
  /** The run's `--max-duration`, named when the run stopped early. */
  maxDuration: string;
  /** k6 instances that ended without a summary. */
  missing: number;
  /** k6's merged totals; undefined when no instance wrote a summary. */
  totals: LoadTotals | undefined;
  /** The built-in receiver's stats; undefined with `--target`. */
  received: ReceiverStats | undefined;
  /** The signal that stopped the run (`SIGINT`, `SIGTERM`), when one did. */
  stopped?: string | undefined;
  /** Why the run was aborted (`the live feed failed: …`), when it was. */
  aborted?: string | undefined;
}

/** Why planned events were not fired: the one cause known, in this order. */
function notFiredCause(run: LoadOutcome): string {
  if (run.stopped) return `stopped by ${run.stopped}`;
  if (run.aborted) return run.aborted;
  const dropped = run.totals?.droppedIterations ?? 0;
  if (dropped > 0) return `k6 dropped ${dropped} iterations: too few VUs for the pace; give --vus`;
  return `the run hit --max-duration ${run.maxDuration}`;
}

/**
 * Reconciles a run: every planned event fired, every request k6 sent received and accepted
 * (answered 2xx), and (when all were) every distinct event kept and, live, every hang-up pair
 * complete. `ok` only when every planned event was accepted.
 *
 * @example
 * accountLoad({ mode: 'live', planned: 10, distinct: 10, maxDuration: '1m', missing: 0, totals, received })
 * // { notFired: 0, lost: 0, pairsPending: 0, accepted: 10, notAccepted: 0, ok: true, problems: [] }
 */
export function accountLoad(run: LoadOutcome): LoadAccounting {
  const { planned, totals, received } = run;
  const problems: string[] = [];
  // Chaos: duplicates and malformed requests are requests beyond the planned events' own.
  const chaos = chaosExtras(totals);
  const requests = totals?.sent ?? 0;
  const sent = requests - chaos.extra;
  const notFired = planned - sent;
  if (run.missing > 0)
    problems.push(`${run.missing} k6 instance(s) ended without a summary (see k6's output above)`);
  if (notFired !== 0)
    problems.push(
      notFired > 0
        ? `${notFired} of ${planned} events not fired (${notFiredCause(run)})`
        : `${-notFired} events fired beyond the ${planned} planned`,
    );
  let lost = 0;
  let uncounted = 0;
  let pairsPending = 0;
  const answers = received ? received.statuses : (totals?.answers ?? {});
  // Malformed requests are to be refused: they count neither way here (the fault report has them).
  const accepted = twoHundreds(answers) - chaos.malformedAccepted;
  // Requests that arrived (at the built-in receiver; with --target, that k6 fired) but were not
  // answered 2xx. Requests that never arrived are counted as lost, not here.
  const notAccepted = Math.max(
    0,
    (received ? received.requests : requests) - chaos.malformed - accepted,
  );
  if (totals && notAccepted > 0) {
    const other = Object.entries(answers)
      .filter(([s]) => !s.startsWith('2'))
      .map(([s, c]) => `${s === '0' ? 'no answer' : s} x${c}`)
      .join(', ');
    problems.push(
      `${notAccepted} of ${received ? `${received.requests - chaos.malformed} requests received` : `${requests - chaos.malformed} events fired`} were not accepted by the ${received ? 'built-in receiver' : 'target'} (${other || 'not answered 2xx'})`,
    );
  }
  if (received && totals) {
    lost = Math.max(0, requests - received.requests);
    uncounted = Math.max(0, received.requests - requests);
    if (lost > 0) problems.push(`${lost} requests k6 sent never reached the receiver`);
    // Cut in flight as a run stopped early: they arrived, k6 never heard their answer.
    if (uncounted > 0 && notFired <= 0 && !run.stopped)
      problems.push(
        `the receiver got ${uncounted} requests more than k6 counted (requests cut off as the run stopped)`,
      );
    if (
      twoHundreds(totals.answers) - chaos.malformedAccepted === requests - chaos.malformed &&
      notFired === 0
    ) {
      pairsPending = received.pairsPending;
      // A replayed capture may hold redeliveries (the same id twice) and half pairs of its own.
      if (received.unique !== run.distinct)
        problems.push(
          `the receiver kept ${received.unique} unique events, not the ${run.distinct} distinct events k6 sent`,
        );
      if (pairsPending > 0 && run.mode === 'live')
        problems.push(`${pairsPending} hang-up pairs incomplete at the receiver`);
    }
  }
  for (const [kind, f] of Object.entries(totals?.faults ?? {}))
    if (f.ok < f.sent)
      problems.push(
        `chaos ${kind}: ${f.sent - f.ok} of ${f.sent} answered other than a correct receiver (${f.expected})`,
      );
  return {
    notFired,
    lost,
    uncounted,
    pairsPending,
    accepted,
    notAccepted,
    ok: problems.length === 0,
    problems,
  };
}

/** Answers 2xx among answers by status. */
function twoHundreds(answers: Record<string, number>): number {
  return Object.entries(answers)
    .filter(([s]) => s.startsWith('2'))
    .reduce((n, [, c]) => n + c, 0);
}

/** k6's exit code when a signal stopped the run (it still ends iterations and writes its summary). */
export const K6_INTERRUPTED = 105;

/** k6's exit code when the script aborted the run (`exec.test.abort`: the live feed failed). */
export const K6_ABORTED = 108;

/**
 * One exit code for the run, and the line that says why when it is not 0: k6's own code first
 * (a threshold failure, 99, wins over the other failures of N instances), else 1 when the
 * accounting found problems.
 *
 * @example
 * loadExit([0, 99], accounting) // { exitCode: 99, why: 'k6: thresholds failed (exit 99)' }
 */
export function loadExit(
  codes: readonly number[],
  accounting: LoadAccounting,
  signal?: string,
  missing = 0,
  feedFailure?: string,
): { exitCode: number; why: string } {
  const k6Code = codes.includes(99) ? 99 : (codes.find((c) => c !== 0) ?? 0);
  if (k6Code === 99) return { exitCode: 99, why: 'k6: thresholds failed (exit 99)' };
  if (k6Code === K6_INTERRUPTED) {
    // Stopped by a signal, like every command: 130 (k6's own code for it is 105). The cause is
    // said once: the not-fired line says no more than how many.
    // Stopped in k6's init (pre-generating, starting): no iteration ran, no summary was written.
    const problems = accounting.problems
      .filter((p) => missing === 0 || !p.includes('ended without a summary'))
      .map((p) => p.replace(/ \(stopped by \w+\)$/, ''));
    const ended =
      missing === 0
        ? 'k6 ended its iterations and wrote its summary'
        : `${missing} of ${codes.length} k6 instance(s) stopped before writing a summary (in k6's init: pre-generating or starting)`;
    return {
      exitCode: EXIT.stopped,
      why: `stopped${signal ? ` by ${signal}` : ''}: ${ended} (k6 exit ${k6Code})${problems.length === 0 ? '' : `; ${problems.join('; ')}`}`,
    };
  }
  // The live feed failed and k6 aborted: events are missing, said with the cause (exit 1).
  if (k6Code === K6_ABORTED && feedFailure !== undefined)
    return {
      exitCode: EXIT.failed,
      why: `${accounting.problems.length ? accounting.problems.join('; ') : `the live feed failed: ${feedFailure}`}; --no-live-feed simulates in k6 instead`,
    };
  if (k6Code !== 0) return { exitCode: k6Code, why: `k6 exited with ${k6Code}` };
  return accounting.ok
    ? { exitCode: EXIT.ok, why: '' }
    : { exitCode: EXIT.failed, why: accounting.problems.join('; ') };
}
