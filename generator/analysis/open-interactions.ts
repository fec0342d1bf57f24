/**
 * What the report knows of an interaction still in progress: its caller's arrival, voicemail,
 * hang-up and hold, and its agent legs.
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
  holdStartMs: number;
  holdMs: number;
  /** Parked time of the caller's channel (parked to unparked), and an open park's start. */
  parkStartMs: number;
  parkMs: number;
  /** The agent ids of the supervisors who monitored it (a `monitor` party's channel). */
  monitors: string[];
  /** Agent legs by channel id. */
  legs: Map<string, Leg>;
}

/** An interaction seen for the first time: nothing known yet. */
export function openInteraction(): OpenInteraction {
  return {
    arrivalMs: -1,
    voicemailMs: -1,
    customerEndedMs: -1,
    holdStartMs: -1,
    holdMs: 0,
    parkStartMs: -1,
    parkMs: 0,
    monitors: [],
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
