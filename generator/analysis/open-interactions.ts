/**
 * What the report knows of an interaction still in progress: its caller's arrival, voicemail,
 * hang-up, hold and park, its supervisors, and its agent legs.
 */

/** An agent leg of an interaction: alerted, connected (or not), left (disconnected), ended. */
export interface Leg {
  /** The agent on the leg (`party.agentId`; empty when the event had none). */
  agentId: string;
  alertedMs: number;
  connectedMs: number;
  leftMs: number;
  endedMs: number;
  /** The offer rang out (connectionfailed, in whichever versions are subscribed). */
  failed: boolean;
  /**
   * When the leg was interrupted (an email set aside for a call) and resumed: not busy time.
   * Kept as times and paired in order at the end, as one instant's events may come in any order.
   */
  interrupts: number[];
  resumes: number[];
}

/**
 * What is known of an interaction so far. Events of one instant can arrive in any order (each has
 * its own delivery delay), so outcomes are decided when the interaction is over, not as it goes.
 */
export interface OpenInteraction {
  arrivalMs: number;
  voicemailMs: number;
  customerEndedMs: number;
  /** When the caller was held and retrieved: paired in order at the end, as for a leg's interrupts. */
  holds: number[];
  retrieves: number[];
  /** When the caller was parked and unparked: paired the same way. */
  parks: number[];
  unparks: number[];
  /** The agent ids of the supervisors who monitored it (a `monitor` party's channel). */
  monitors: string[];
  /** Put on the queue of interactions over, to be accounted once no straggler is due. */
  queued: boolean;
  /** Agent legs by channel id. */
  legs: Map<string, Leg>;
}

/** An interaction seen for the first time: nothing known yet. */
export function openInteraction(): OpenInteraction {
  return {
    arrivalMs: -1,
    voicemailMs: -1,
    customerEndedMs: -1,
    holds: [],
    retrieves: [],
    parks: [],
    unparks: [],
    monitors: [],
    queued: false,
    legs: new Map(),
  };
}

/** An agent leg first seen at `at`. */
export function openLeg(at: number, agentId = ''): Leg {
  return {
    agentId,
    alertedMs: at,
    connectedMs: -1,
    leftMs: -1,
    endedMs: -1,
    failed: false,
    interrupts: [],
    resumes: [],
  };
}
