/**
 * The discrete-event simulation of one team: its agents' shifts and breaks, the interactions
 * that arrive for it, routing, every channel's lifecycle, and the notifications that lifecycle
 * sends, released in send-time order. Teams share nothing but the center-level daily level, so
 * any set of teams can be simulated apart and merged into the same stream.
 *
 * This file only wires the concepts together; each lives in its own file: the arrival process
 * (arrival-process.ts), the staffing plan and shifts (shifts.ts), routing and the queue
 * (routing.ts, call-queue.ts), a call's story and what happens during it (calls.ts,
 * call-features.ts), emails (emails.ts), the agent and channel lifecycles (agents.ts,
 * channels.ts) and the notification emitter (notification-emitter.ts).
 */

import { Agenda, type AgendaItem } from './agenda.js';
import { missedOfferPauseEnds, supervisorCheck, wrapEnds } from './agents.js';
import { ArrivalProcess, emailArrives, planNextEmail } from './arrival-process.js';
import {
  conferenceStarts,
  consultAnswers,
  consultLeaves,
  hangUpBurst,
  holdEnds,
  holdStarts,
  monitorLeaves,
  monitorStarts,
  parkEnds,
  parkStarts,
} from './call-features.js';
import { CallQueue } from './call-queue.js';
import { legEnds, offerAnswered, offerRangOut, patienceRunsOut, voicemailEnds } from './calls.js';
import { localDayStart } from './center-calendar.js';
import { emailDone } from './emails.js';
import { NotificationEmitter, type TimedNotification } from './notification-emitter.js';
import type { ResolvedOptions } from './options.js';
import { RandomStream } from './random.js';
import { dutyDays, waitPassesThreshold } from './real-time-management.js';
import { type Agent, presenceCatalog, supervisorOf, teamAgents } from './roster.js';
import { breakEnds, breakStarts, dayBegins, shiftEnds, shiftStarts, teamDemand } from './shifts.js';
import type { AbsentShift, RequiredSlot, SimAgent, Team, TeamStats } from './team.js';

export { sendsBefore, type TimedNotification } from './notification-emitter.js';
export type { AbsentShift, RequiredSlot, TeamStats } from './team.js';

/**
 * One team's simulation, as an iterator of its notifications in send-time order. Memory holds
 * the team's agents, the interactions in progress and notifications not yet due.
 *
 * @example
 * const team = new TeamSimulation(resolveOptions({ seed: 7 }), 0);
 * for (let n = team.next(); n; n = team.next()) console.log(n.notification.type);
 */
export class TeamSimulation {
  readonly stats: TeamStats = {
    interactions: 0,
    answered: 0,
    abandoned: 0,
    voicemails: 0,
    transfers: 0,
    conferences: 0,
    failedOffers: 0,
    emails: 0,
    notifications: 0,
    absences: 0,
    lateStarts: 0,
    absentMs: 0,
  };
  readonly agents: SimAgent[];
  private readonly team: Team;
  private readonly arrivals: ArrivalProcess;

  /**
   * @param plan told what the staffing plan decides (`staffing: 'planned'` only): each
   * 15-minute slot of each day with the agents it requires on the phones (`onRequired`), and
   * each planned shift lost to absence (`onAbsent`).
   */
  constructor(options: ResolvedOptions, team: number, plan: PlanListeners = {}) {
    this.agents = teamAgents(options, team).map((a) => simAgent(a, false));
    this.team = newTeam(options, team, this.agents, this.stats, plan);
    this.arrivals = new ArrivalProcess(this.team);
    this.start(options);
  }

  /** The first items of the agenda: the first day, the first caller, a burst, the first email. */
  private start(o: ResolvedOptions): void {
    const agenda = this.team.agenda;
    agenda.plan(o.startMs, { kind: 'dayBegins', dayStart: localDayStart(o, o.startMs) });
    this.arrivals.planNext(o.startMs);
    if (o.burst) {
      const { share, withinMs } = o.burst;
      agenda.plan(o.startMs + o.burst.atMs, { kind: 'hangUpBurst', share, withinMs });
    }
    if (o.emails) planNextEmail(this.team, o.startMs);
  }

  /** The next notification in send-time order, or `undefined` when the team is done. */
  next(): TimedNotification | undefined {
    const { agenda, notify } = this.team;
    for (;;) {
      const due = agenda.nextAt();
      const ready = notify.releaseBy(due);
      if (ready) return ready;
      const item = agenda.take();
      if (!item) return undefined;
      this.handle(item);
    }
  }

  /** Hands an agenda item to the concept it belongs to (the commonest kinds first). */
  private handle(item: AgendaItem): void {
    const team = this.team;
    switch (item.kind) {
      case 'callArrives':
        this.arrivals.callArrives(item);
        return;
      case 'patienceRunsOut':
        patienceRunsOut(team, item);
        return;
      case 'waitPassesThreshold':
        waitPassesThreshold(team, item);
        return;
      case 'offerAnswered':
        offerAnswered(team, item);
        return;
      case 'legEnds':
        legEnds(team, item);
        return;
      case 'wrapEnds':
        wrapEnds(team, item);
        return;
      case 'holdStarts':
        holdStarts(team, item);
        return;
      case 'holdEnds':
        holdEnds(team, item);
        return;
      case 'offerRangOut':
        offerRangOut(team, item);
        return;
      case 'missedOfferPauseEnds':
        missedOfferPauseEnds(team, item);
        return;
      case 'supervisorCheck':
        supervisorCheck(team, item);
        return;
      case 'breakStarts':
        breakStarts(team, item);
        return;
      case 'breakEnds':
        breakEnds(team, item);
        return;
      case 'shiftStarts':
        shiftStarts(team, item);
        return;
      case 'shiftEnds':
        shiftEnds(team, item);
        return;
      case 'dayBegins':
        dayBegins(team, item);
        return;
      case 'parkStarts':
        parkStarts(team, item);
        return;
      case 'parkEnds':
        parkEnds(team, item);
        return;
      case 'monitorStarts':
        monitorStarts(team, item);
        return;
      case 'monitorLeaves':
        monitorLeaves(team, item);
        return;
      case 'conferenceStarts':
        conferenceStarts(team, item);
        return;
      case 'consultAnswers':
        consultAnswers(team, item);
        return;
      case 'consultLeaves':
        consultLeaves(team, item);
        return;
      case 'voicemailEnds':
        voicemailEnds(team, item);
        return;
      case 'emailArrives':
        emailArrives(team, item);
        return;
      case 'emailDone':
        emailDone(team, item);
        return;
      case 'hangUpBurst':
        hangUpBurst(team, item);
        return;
      default: {
        const never: never = item;
        throw new Error(`unhandled agenda item ${JSON.stringify(never)}`);
      }
    }
  }
}

/** What a {@link TeamSimulation} tells of its staffing plan. */
export interface PlanListeners {
  onRequired?: (slot: RequiredSlot) => void;
  onAbsent?: (shift: AbsentShift) => void;
}

/** An agent (or a supervisor, to take calls) as the simulation keeps them: logged out. */
function simAgent(a: Agent, supervisor: boolean): SimAgent {
  return {
    index: a.index,
    agentId: a.agentId,
    userId: a.userId,
    team: a.team,
    supervisor,
    state: 'off',
    idleSince: 0,
    pendingBreak: null,
    pendingLogout: false,
    breakToken: 0,
    away: null,
    shiftToken: 0,
    shiftEndsAt: 0,
    readyShown: false,
    email: null,
    talkingOn: null,
  };
}

/** The shared state of a team about to be simulated: one random stream per concern. */
function newTeam(
  o: ResolvedOptions,
  index: number,
  agents: SimAgent[],
  stats: TeamStats,
  plan: PlanListeners,
): Team {
  const seed = o.seed;
  const groups = Math.max(1, Math.ceil(agents.length / o.supervisorSpan));
  const first = agents[0]?.index ?? 0;
  const supervisors = Array.from({ length: groups }, (_, g) => {
    const s = supervisorOf(o, index, g);
    // As one taking calls, indexed as the first agent of the team they lead.
    const agent = simAgent({ ...s, index: first + g * o.supervisorSpan }, true);
    return { agentId: s.agentId, userId: s.userId, busy: false, agent, onDuty: dutyDays(o, g) };
  });
  return {
    o,
    agents,
    agenda: new Agenda(),
    notify: new NotificationEmitter(o, index, stats),
    queue: new CallQueue(),
    interval: { slot: -1, offered: 0, late: 0 },
    rng: {
      arrivals: new RandomStream(seed, 'team', index, 'arrivals'),
      calls: new RandomStream(seed, 'team', index, 'calls'),
      ids: new RandomStream(seed, 'team', index, 'ids'),
      shifts: new RandomStream(seed, 'team', index, 'shifts'),
      emails: new RandomStream(seed, 'team', index, 'emails'),
      absence: new RandomStream(seed, 'team', index, 'absence'),
    },
    stats,
    presences: presenceCatalog(seed),
    supervisors,
    onCalls: [],
    demand: teamDemand(o, agents.length),
    emailBacklog: 0,
    shiftSeq: 0,
    absenceCover: 0,
    roster: undefined,
    onRequired: plan.onRequired,
    onAbsent: plan.onAbsent,
  };
}
