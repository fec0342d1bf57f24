import { humanDuration } from '../generator/duration.js';
import type { ReceiverStats } from '../receiver/index.js';
import { MALFORMATION_INFO, MALFORMATIONS } from '../scenarios/index.js';
import type { DeliverySummary, FaultKind, FaultReport } from '../sender/index.js';

const fmt = (n: number) => n.toLocaleString('en');

/** The receiver's summary as lines of text. */
export function formatReceiverStats(s: ReceiverStats): string {
  const types = Object.entries(s.perType)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([t, c]) => `    ${t.padEnd(28)} ${fmt(c)}`)
    .join('\n');
  const rejected =
    Object.entries(s.rejected)
      .map(([r, c]) => `${r} ${c}`)
      .join(', ') || 'none';
  return (
    `receiver: ${fmt(s.requests)} requests, ${fmt(s.received)} events received (${fmt(s.valid)} valid, ${fmt(s.invalid)} invalid, ${fmt(s.duplicates)} duplicates), ${fmt(s.unique)} unique\n` +
    `  pairs: ${fmt(s.pairsComplete)} complete, ${fmt(s.pairsPending)} pending\n` +
    `  answers: ${
      Object.entries(s.statuses)
        .map(([k, v]) => `${k} x${fmt(v)}`)
        .join(', ') || 'none'
    }; rejected: ${rejected}\n` +
    `  handling latency ms: p50 ${s.latency.p50}, p95 ${s.latency.p95}, p99 ${s.latency.p99}\n` +
    (types ? `  per type:\n${types}\n` : '')
  );
}

/** The sender's summary as lines of text. */
export function formatDelivery(s: DeliverySummary): string {
  const answers =
    Object.entries(s.answers)
      .map(([k, v]) => `${k} x${fmt(v)}`)
      .join(', ') || 'none';
  return (
    `fired ${fmt(s.events)} events in ${humanDuration(s.durationMs)}${s.stopped ? ' (stopped)' : ''}: ` +
    `${fmt(s.delivered)} delivered, ${fmt(s.rejected)} rejected, ${fmt(s.gaveUp)} gave up, ${fmt(s.notSent)} not sent\n` +
    `  ${fmt(s.requests)} requests (${fmt(s.retries)} retries; ${fmt(s.retried)} events retried), ${fmt(s.pairs)} hang-up pairs sent together\n` +
    `  ${s.requestsPerSecond} requests/s; latency ms: p50 ${s.latency.p50}, p95 ${s.latency.p95}, p99 ${s.latency.p99}\n` +
    `  answers: ${answers}\n` +
    scheduleLine(s.schedule)
  );
}

/** Whether a paced run's sends went out on time: said either way, and loudly when not. */
function scheduleLine(schedule: DeliverySummary['schedule']): string {
  if (!schedule) return '';
  const behind = humanDuration(schedule.behindMs);
  return schedule.kept
    ? `  schedule: kept (every send within ${behind} of its time)\n`
    : `  schedule: NOT kept: sends fell up to ${behind} behind their times (the target answered slower than the pace asked, or --concurrency is too low for it)\n`;
}

/** How the target answered each injected fault, one line each. */
export function formatFaults(faults: Partial<Record<FaultKind, FaultReport>>): string {
  const order: FaultKind[] = ['duplicate', 'out-of-order', 'delayed-retry', ...MALFORMATIONS];
  const rows = order.flatMap((k) =>
    faults[k] ? [[k, faults[k]] as [FaultKind, FaultReport]] : [],
  );
  if (rows.length === 0) return '';
  const lines = rows.map(([kind, f]) => {
    const answers = Object.entries(f.answers)
      .map(([k, v]) => `${k} x${fmt(v)}`)
      .join(', ');
    const want = f.precise ? `${f.expected} (${f.precise})` : f.expected;
    const verdict = f.ok === f.sent ? 'ok' : `WRONG ${fmt(f.sent - f.ok)}`;
    return `    ${kind.padEnd(22)} ${fmt(f.sent).padStart(5)} sent, want ${want.padEnd(9)} got ${answers.padEnd(24)} ${verdict}`;
  });
  const skipped = MALFORMATIONS.filter((m) => MALFORMATION_INFO[m].needsSecret && !faults[m]);
  const note = skipped.length ? `    (${skipped.join(', ')}: not sent, they need --secret)\n` : '';
  return `  faults (how the target answered):\n${lines.join('\n')}\n${note}`;
}
