import { SimError } from '../errors.js';
import { NOTIFICATION_TYPES, type NotificationType } from './event-types.js';

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`);
}

function closest(name: string): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const t of NOTIFICATION_TYPES) {
    const d = editDistance(name, t);
    if (d < bestScore) {
      bestScore = d;
      best = t;
    }
  }
  return bestScore <= 4 ? best : undefined;
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

/**
 * Resolves a subscription's `events` list (names and `*` wildcards, as in a VCC subscription)
 * into the set of notification types it selects. A `*` matches any characters, dots included:
 * `channel.*` selects every channel event in both versions, `channel.*.v0` only v0.
 * A pattern that selects nothing is an error, with a suggestion.
 *
 * @example
 * selectTypes(['channel.*.v0']).size // 12
 */
export function selectTypes(patterns: readonly string[]): Set<NotificationType> {
  const selected = new Set<NotificationType>();
  for (const raw of patterns) {
    const pattern = raw.trim();
    if (pattern === '') continue;
    const re = globToRegExp(pattern);
    const matches = NOTIFICATION_TYPES.filter((t) => re.test(t));
    if (matches.length === 0) {
      const hint = closest(pattern);
      const allowed = `"${pattern}" is not an event type${hint ? ` (did you mean "${hint}"?)` : ''}: types look like "channel.wrapstarted.v0"; wildcards like "channel.*" work`;
      throw new SimError(
        'unknown-type',
        `Unknown event type "${pattern}"${hint ? `; did you mean "${hint}"?` : ''} Types look like "channel.wrapstarted.v0"; wildcards like "channel.*" work.`,
        { option: 'types', allowed },
      );
    }
    for (const m of matches) selected.add(m);
  }
  if (selected.size === 0)
    throw new SimError('usage', 'No event types selected: give at least one, e.g. "channel.*".');
  return selected;
}
