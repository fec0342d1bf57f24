import { decodeKsuid, encodeKsuid } from './ksuid.js';
import type { Notification } from './notification.js';
import { formatTime, formatTimestamp, parseUtc } from './time-format.js';

/**
 * Shifts a notification in time by `offsetMs`, keeping every interval: `time`, `data.timestamp`
 * and the KSUID's embedded time move together (the id keeps its payload, so ids stay unique).
 * Used to replay a generated day "now".
 *
 * @example
 * const live = rebaseNotification(n, Date.now() - firstSendMs);
 */
export function rebaseNotification<N extends Notification>(n: N, offsetMs: number): N {
  const shift = Math.round(offsetMs);
  if (shift === 0) return n;
  const time = parseUtc(n.time);
  const stamp = parseUtc(n.data.timestamp);
  if (!time || !stamp) return n;
  const sendMs = time.ms + shift;
  const decoded = decodeKsuid(n.id);
  const id = decoded ? encodeKsuid(sendMs, ...decoded.payload) : n.id;
  const sevenDigits = /\.\d{7}Z$/.test(n.data.timestamp);
  const timestamp = sevenDigits
    ? formatTime(stamp.ms + shift, stamp.ticks)
    : formatTimestamp(stamp.ms + shift);
  return { ...n, id, time: formatTime(sendMs, time.ticks), data: { ...n.data, timestamp } };
}
