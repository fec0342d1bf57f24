/**
 * `fire --redeliver LEDGER`: the events a run's ledger says were not delivered, read back to be
 * fired again as they were sent. A ledger line keeps, for every outcome but `delivered`, the event
 * as it went out (`event`: re-based when the run re-based it), so a redelivery needs nothing but
 * the ledger and repeats the first run's bytes: same ids, same times. The ledger is checked through
 * first (a line it cannot use fails the run before anything is sent), then read again as it is
 * fired; neither pass keeps more than a line.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Notification } from '../generator/notifications/notification.js';
import { checkNotification } from '../generator/notifications/schema-validator.js';
import type { OutcomeKind } from '../sender/index.js';
import { flagError } from './flag-checks.js';
import { type PlannedRate, SendRate } from './planned-events.js';

/** The outcomes a ledger line can have. */
const OUTCOMES: readonly OutcomeKind[] = ['delivered', 'rejected', 'gave-up', 'not-sent'];

/** Which events of a ledger are fired again. */
export interface RedeliveryChoice {
  /** Leave out the events a 4xx refused (`rejected`): they are skipped and counted. */
  skipRejected: boolean;
}

/** A ledger checked through: what it holds, what is fired again, and its send rate. */
export interface CheckedLedger {
  /** Event lines (chaos requests' `probe` lines are not events). */
  events: number;
  /** Events to fire again. */
  fired: number;
  skipped: { delivered: number; rejected: number };
  rate: PlannedRate;
  /** False when stopped while checking. */
  complete: boolean;
}

/** What one ledger line asks for. */
type LineVerdict =
  | { kind: 'probe' }
  | { kind: 'skip'; outcome: 'delivered' | 'rejected' }
  | { kind: 'fire'; event: Notification };

/**
 * Checks a ledger through: every line a ledger line, every event to fire there and valid. A line
 * it cannot use is a usage error naming `--redeliver`, the file and the line.
 *
 * @example
 * const ledger = await checkLedger('ledger.ndjson', { skipRejected: false }, signal);
 * console.log(`${ledger.fired} of ${ledger.events} to fire again`);
 */
export async function checkLedger(
  path: string,
  choice: RedeliveryChoice,
  signal: AbortSignal,
): Promise<CheckedLedger> {
  openable(path);
  const rate = new SendRate();
  const ledger: CheckedLedger = {
    events: 0,
    fired: 0,
    skipped: { delivered: 0, rejected: 0 },
    rate: rate.result(),
    complete: true,
  };
  for await (const verdict of verdicts(path, choice)) {
    if (signal.aborted) return { ...ledger, rate: rate.result(), complete: false };
    if (verdict.kind === 'probe') continue;
    ledger.events++;
    if (verdict.kind === 'skip') ledger.skipped[verdict.outcome]++;
    else {
      ledger.fired++;
      rate.addTime(verdict.event.time);
    }
  }
  if (ledger.events === 0)
    throw flagError(
      'redeliver',
      path,
      'empty: not a ledger (fire --ledger writes one line per event)',
    );
  return { ...ledger, rate: rate.result() };
}

/**
 * The events of a ledger to fire again, in its order, as they were sent; with `tally`, every line
 * read is counted there too (for a ledger whose check was stopped).
 *
 * @example
 * await deliver(redeliveredEvents('ledger.ndjson', { skipRejected: false }), { target, rebase: false });
 */
export async function* redeliveredEvents(
  path: string,
  choice: RedeliveryChoice,
  tally?: CheckedLedger,
): AsyncGenerator<Notification> {
  for await (const verdict of verdicts(path, choice)) {
    if (verdict.kind === 'probe') continue;
    if (tally) {
      tally.events++;
      if (verdict.kind === 'skip') tally.skipped[verdict.outcome]++;
      else tally.fired++;
    }
    if (verdict.kind === 'fire') yield verdict.event;
  }
}

/** A checked ledger's figures with its counts at zero, for {@link redeliveredEvents} to count. */
export function uncounted(checked: CheckedLedger): CheckedLedger {
  return { ...checked, events: 0, fired: 0, skipped: { delivered: 0, rejected: 0 } };
}

/** A ledger read line by line, each line's verdict. */
async function* verdicts(path: string, choice: RedeliveryChoice): AsyncGenerator<LineVerdict> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    yield verdictOf(text, n, path, choice);
  }
}

/** What one line asks for, or the usage error that says why it cannot be used. */
function verdictOf(text: string, n: number, path: string, choice: RedeliveryChoice): LineVerdict {
  const bad = (why: string) => flagError('redeliver', path, why);
  let line: Record<string, unknown>;
  try {
    line = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw bad(`line ${n} is not JSON; give the file fire --ledger wrote`);
  }
  if (typeof line !== 'object' || line === null || Array.isArray(line))
    throw bad(`line ${n} is not a ledger line (not an object); give the file fire --ledger wrote`);
  if (typeof line['probe'] === 'string') return { kind: 'probe' };
  const outcome = line['outcome'];
  if (outcome === undefined || typeof line['id'] !== 'string')
    throw bad(
      `line ${n} is not a ledger line (no ${outcome === undefined ? 'outcome' : 'id'}); give the file fire --ledger wrote`,
    );
  if (!OUTCOMES.includes(outcome as OutcomeKind))
    throw bad(`line ${n}: outcome ${JSON.stringify(outcome)} is none of ${OUTCOMES.join(', ')}`);
  if (outcome === 'delivered') return { kind: 'skip', outcome };
  if (outcome === 'rejected' && choice.skipRejected) return { kind: 'skip', outcome };
  const id = line['id'];
  const event = line['event'];
  if (event === undefined)
    throw bad(
      `line ${n}: event ${id} (${outcome}) has no "event": a ledger from vcc-sim 0.1.0 or earlier keeps none, so what it did not deliver cannot be recovered from it; fire the source again`,
    );
  const check = checkNotification(event);
  if (!check.ok)
    throw bad(
      `line ${n}: its event is not a valid notification (${check.errors.slice(0, 2).join('; ')})`,
    );
  const valid = event as Notification;
  if (valid.id !== id)
    throw bad(`line ${n}: its event's id ${JSON.stringify(valid.id)} is not the line's "${id}"`);
  return { kind: 'fire', event: valid };
}

/**
 * The ledger is read twice (checked, then fired), so it must be a regular file; a missing one is
 * the open's error (named after the flag by the CLI).
 */
function openable(path: string): void {
  const stat = statSync(path);
  if (stat.isDirectory()) throw flagError('redeliver', path, 'a folder; give a ledger file');
  if (!stat.isFile())
    throw flagError(
      'redeliver',
      path,
      'not a regular file (it is read twice: checked, then fired); write the ledger to a file first',
    );
}
