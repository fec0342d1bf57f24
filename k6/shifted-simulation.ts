import type { ResolvedOptions, SimulationOptions } from '../generator/simulation/options.js';
import { shiftOffsets } from '../generator/time-zone.js';

/**
 * The same simulation moved `offsetMs` later in time, as `rebaseNotification(n, offsetMs)` moves
 * each of its notifications, but with no work per notification: the window starts `offsetMs`
 * later and the center's UTC offset (in a time zone, each of its offsets) is `offsetMs` smaller, so every local time (opening hours,
 * curve, weekday, day number) and every random draw stays the same, while `time`,
 * `data.timestamp` and the ids' embedded time come out shifted. A test checks the two agree byte
 * for byte.
 *
 * @example
 * simulate(shiftedSimulation(options, resolveOptions(options), Date.now() - resolved.startMs))
 */
export function shiftedSimulation(
  options: SimulationOptions,
  resolved: ResolvedOptions,
  offsetMs: number,
): SimulationOptions {
  const shift = Math.round(offsetMs);
  const utcOffsetMs = resolved.utcOffsetMs - shift;
  const shifted: SimulationOptions = {
    ...options,
    start: resolved.startMs + shift,
    end: resolved.endMs + shift,
  };
  delete shifted.duration;
  // In a time zone, every offset of the zone's table moves (and no Intl is needed).
  if (resolved.zoneOffsets) shifted.timeZoneOffsets = shiftOffsets(resolved.zoneOffsets, shift);
  else shifted.utcOffset = `${utcOffsetMs < 0 ? '-' : ''}${Math.abs(utcOffsetMs)}ms`;
  return shifted;
}
