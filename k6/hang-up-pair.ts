import type { Notification } from '../generator/notification.js';

const DISCONNECTED = 'channel.disconnected.';
const WRAPSTARTED = 'channel.wrapstarted.';

/**
 * The key shared by the two notifications of an agent hang-up (the agent channel's
 * `disconnected` and `wrapstarted`, same version and timestamp), or undefined for any other.
 *
 * @example
 * hangUpPairKey(disconnected) === hangUpPairKey(wrapstarted) // true for one hang-up
 */
export function hangUpPairKey(n: Notification): string | undefined {
  if (n.source !== '/channel' || n.data.channel.party.role !== 'agent') return undefined;
  const type = n.type;
  let version: string;
  if (type.startsWith(DISCONNECTED)) version = type.slice(DISCONNECTED.length);
  else if (type.startsWith(WRAPSTARTED)) version = type.slice(WRAPSTARTED.length);
  else return undefined;
  return `${n.subject} ${version} ${n.data.timestamp}`;
}
