/**
 * Agents' time by presence, from `agent.presencechanged`: logged out, available for contacts
 * (a Ready presence: idle or on a contact, since presence stays Ready during calls), or logged in
 * but not available (Away with its break, lunch or missed-call pause, and any other category a
 * center adds: meetings, training, coaching). Read by category, so a new presence counts where
 * its category says.
 */
import type { ReportLedger } from './report-ledger.js';

type State = 'out' | 'available' | 'unavailable';

/** Categories in which an agent is logged out. */
const LOGGED_OUT = new Set(['loggedOut', 'offline', 'loggedOff']);
/** Categories in which an agent is available for contacts (busy on one or not). */
const AVAILABLE = new Set(['ready', 'available']);

/** The state a presence category puts an agent in. */
export function presenceState(category: string): State {
  if (LOGGED_OUT.has(category)) return 'out';
  return AVAILABLE.has(category) ? 'available' : 'unavailable';
}

/**
 * Per agent, the presence state since when; agents with contacts before any presence change.
 * Changes wait until the stream's clock is past them (by the grace the reporter gives), then apply
 * in time order, so a change delivered after a later one still counts where it happened.
 */
export class PresenceTime {
  private current = new Map<string, { state: State; since: number }>();
  /** Per agent: the timestamp of the latest presence change applied. */
  private lastApplied = new Map<string, number>();
  /** Agents with a presence change read (applied or not). */
  private seen = new Set<string>();
  /** Agents with contacts but no presence change yet: when their first contact began. */
  private firstActivity = new Map<string, number>();
  /** Per agent, the changes read and not applied yet. */
  private pending = new Map<string, Array<{ at: number; category: string }>>();

  /** A copy to close the open spans on at a report, leaving this one as it was. */
  clone(): PresenceTime {
    const c = new PresenceTime();
    c.current = new Map(this.current);
    c.lastApplied = new Map(this.lastApplied);
    c.seen = new Set(this.seen);
    c.firstActivity = new Map(this.firstActivity);
    c.pending = new Map([...this.pending].map(([k, v]) => [k, [...v]]));
    return c;
  }

  /** An agent leg seen: an agent with no presence change yet was on at least from then. */
  activity(agentId: string, at: number): void {
    if (agentId !== '' && !this.seen.has(agentId) && !this.firstActivity.has(agentId))
      this.firstActivity.set(agentId, at);
  }

  /** A presence change read: applied once the clock has passed it (`flush`). */
  change(agentId: string, category: string, at: number): void {
    this.seen.add(agentId);
    // Older than the last one applied: the other version of a change already read.
    const last = this.lastApplied.get(agentId);
    if (last !== undefined && at < last) return;
    const list = this.pending.get(agentId);
    if (list) list.push({ at, category });
    else this.pending.set(agentId, [{ at, category }]);
  }

  /** Applies, in time order, the changes before `upTo`; `streamStart`: the stream's first event. */
  flush(ledger: ReportLedger, upTo: number, streamStart: number): void {
    for (const [agentId, list] of this.pending) {
      list.sort((a, b) => a.at - b.at);
      let i = 0;
      for (; i < list.length && (list[i] as { at: number }).at < upTo; i++) {
        const { at, category } = list[i] as { at: number; category: string };
        this.apply(ledger, agentId, category, at, streamStart);
      }
      if (i === list.length) this.pending.delete(agentId);
      else if (i > 0) list.splice(0, i);
    }
  }

  private apply(
    ledger: ReportLedger,
    agentId: string,
    category: string,
    at: number,
    streamStart: number,
  ): void {
    this.lastApplied.set(agentId, at);
    const next = presenceState(category);
    let now = this.current.get(agentId);
    if (!now) {
      // The first change ends a presence that began before the stream: available, when the change
      // leaves it for another state or the agent handled a contact before it; else logged out.
      const active = this.firstActivity.get(agentId);
      this.firstActivity.delete(agentId);
      const before = next !== 'available' || (active !== undefined && active < at);
      now = { state: before ? 'available' : 'out', since: streamStart };
    }
    if (now.state !== next) {
      this.spend(ledger, now.state, now.since, at);
      now = { state: next, since: at };
    }
    this.current.set(agentId, now);
  }

  /** Applies every change and closes every open span at `end` (on copies, at a report). */
  closeAll(ledger: ReportLedger, end: number, streamStart: number): void {
    this.flush(ledger, Number.POSITIVE_INFINITY, streamStart);
    for (const { state, since } of this.current.values()) this.spend(ledger, state, since, end);
    // Agents with contacts and never a presence change were available throughout.
    for (const _ of this.firstActivity.keys()) this.spend(ledger, 'available', streamStart, end);
  }

  private spend(ledger: ReportLedger, state: State, from: number, to: number): void {
    if (state === 'out') return;
    ledger.spread(from, to, 'loggedInMs');
    if (state === 'available') ledger.spread(from, to, 'staffedMs');
  }
}
