/**
 * What an interaction adds to the report once it is over (or the stream ends): its agents' busy
 * time, its caller's wait in the queue, its outcome, wait and handle times, transfers and
 * conferences. Decided from all its events together, so their arrival order does not matter.
 */
import type { Leg, OpenInteraction } from './open-interactions.js';
import { addToHistogram } from './report-intervals.js';
import type { ReportLedger } from './report-ledger.js';

/** Where an interaction's figures go. */
export interface AccountingSink {
  ledger: ReportLedger;
  handleHist: number[];
  waitHist: number[];
  slMs: number;
  /** The stream's last event: where a leg that never ended is closed. */
  endMs: number;
}

/** Whether every part of the interaction has ended: its caller (a call) or its legs (an email). */
export function isOver(ix: OpenInteraction): boolean {
  const live = ix.arrivalMs >= 0 || ix.customerEndedMs >= 0;
  if (live ? ix.customerEndedMs < 0 : ix.legs.size === 0) return false;
  for (const l of ix.legs.values()) if (l.endedMs < 0) return false;
  return true;
}

/** Adds an interaction's agent time, and an offered one's outcome, to the sink. */
export function account(ix: OpenInteraction, sink: AccountingSink): void {
  const { ledger } = sink;
  for (const l of ix.legs.values()) {
    const end = l.endedMs >= 0 ? l.endedMs : sink.endMs;
    const left = leftAt(l);
    ledger.spread(l.alertedMs, end, 'busyMs');
    ledger.spread(l.alertedMs, l.connectedMs >= 0 && left >= 0 ? left : end, 'busyExWrapMs');
    const interrupts = [...l.interrupts].sort((a, b) => a - b);
    const resumes = [...l.resumes].sort((a, b) => a - b);
    interrupts.forEach((from, i) => {
      const to = resumes[i] ?? end;
      ledger.spread(from, to, 'busyMs', -1);
      ledger.spread(from, to, 'busyExWrapMs', -1);
    });
  }
  if (ix.arrivalMs < 0) return; // not inbound, or began before the stream
  const b = ledger.bucket(ix.arrivalMs);
  b.offered++;
  for (const l of ix.legs.values()) if (l.failed) b.failedOffers++;
  let answeredMs = -1;
  for (const l of ix.legs.values())
    if (l.connectedMs >= 0 && (answeredMs < 0 || l.connectedMs < answeredMs))
      answeredMs = l.connectedMs;
  const leftQueue = [answeredMs, ix.voicemailMs, ix.customerEndedMs].filter((t) => t >= 0);
  if (leftQueue.length > 0) ledger.spread(ix.arrivalMs, Math.min(...leftQueue), 'queueMs');
  if (answeredMs < 0) {
    if (ix.voicemailMs >= 0) b.voicemail++;
    else if (ix.customerEndedMs >= 0) b.abandoned++;
    return;
  }
  const wait = answeredMs - ix.arrivalMs;
  b.answered++;
  b.waitMs += wait;
  if (wait <= sink.slMs) b.withinSl++;
  addToHistogram(sink.waitHist, wait / 5000);
  let talk = 0;
  let wrap = 0;
  const legs = [...ix.legs.values()]
    .filter((l) => l.connectedMs >= 0)
    .sort((x, y) => x.alertedMs - y.alertedMs);
  legs.forEach((l, i) => {
    const left = leftAt(l);
    if (left >= 0) talk += left - l.connectedMs;
    if (l.endedMs >= 0 && left >= 0) wrap += l.endedMs - left;
    if (i === 0) return;
    // A later agent while an earlier one is still connected: a conference; otherwise a transfer.
    const overlaps = legs.slice(0, i).some((e) => leftAt(e) > l.alertedMs || leftAt(e) < 0);
    if (overlaps) b.conferences++;
    else b.transfers++;
  });
  const hold = holdMs(ix, sink.endMs);
  talk = Math.max(0, talk - hold);
  b.handled++;
  b.contacts += legs.length;
  b.talkMs += talk;
  b.holdMs += hold;
  b.wrapMs += wrap;
  addToHistogram(sink.handleHist, (talk + hold + wrap) / 10_000);
}

/**
 * When an answered leg left its caller: its disconnected (or wrapstarted); with no wrap, its
 * ended stands for the disconnected of the same instant. -1 while unknown.
 */
function leftAt(l: Leg): number {
  if (l.leftMs >= 0) return l.leftMs;
  return l.connectedMs >= 0 && l.endedMs >= 0 ? l.endedMs : -1;
}

/**
 * The caller's time on hold: each hold paired in order with its retrieve (or the hang-up, or
 * `endMs` when the caller never hung up).
 *
 * @example
 * holdMs(ix, reportEndMs) / 1000 // 42
 */
export function holdMs(ix: OpenInteraction, endMs: number): number {
  return pairedMs(ix.holds, ix.retrieves, ix.customerEndedMs >= 0 ? ix.customerEndedMs : endMs);
}

/**
 * The caller's time parked: each park paired in order with its unpark (or the hang-up, or
 * `endMs`).
 *
 * @example
 * parkMs(ix, reportEndMs) / 1000 // 30
 */
export function parkMs(ix: OpenInteraction, endMs: number): number {
  return pairedMs(ix.parks, ix.unparks, ix.customerEndedMs >= 0 ? ix.customerEndedMs : endMs);
}

/** Starts paired in order with stops (a start with none closes at `close`): their total span. */
function pairedMs(starts: number[], stops: number[], close: number): number {
  const from = [...starts].sort((a, b) => a - b);
  const to = [...stops].sort((a, b) => a - b);
  return from.reduce((sum, at, i) => sum + Math.max(0, (to[i] ?? close) - at), 0);
}
