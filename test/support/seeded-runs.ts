/**
 * Seeded snapshot tests over a module's public exports, after faker's `test/support/seeded-runs.ts`.
 *
 * Each export is snapshot-tested for every seed of {@link SEEDS}, snapshot-tested once (it takes no
 * seed), or skipped with a stated reason; the module's last test fails while any exported function
 * is in none of these, so a new export gets a snapshot or a reason. Long streams are kept compact
 * in the snapshot file as a {@link StreamDigest} (a hash, counts per type, the first lines).
 */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';

/** The fixed seeds every seeded export is run with. */
export const SEEDS = [1, 7, 'det', 1337] as const;
export type Seed = (typeof SEEDS)[number];

/** A long stream of lines, as the snapshot keeps it. */
export interface StreamDigest {
  lines: number;
  /** sha256 of the lines, each followed by `\n` (the NDJSON text). */
  sha256: string;
  /** Lines per notification type (the first `"type"` of each line). */
  byType: Record<string, number>;
  head: string[];
}

const seenTypes = new Set<string>();

/** The notification types of every digest taken so far in this file. */
export function digestedTypes(): ReadonlySet<string> {
  return seenTypes;
}

/** sha256 of a text, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A compact, exact record of a stream of lines: any changed byte changes `sha256`; `byType` and
 * `head` say roughly what changed.
 */
export function digest(lines: Iterable<string>, headLines = 1): StreamDigest {
  const hash = createHash('sha256');
  const byType: Record<string, number> = {};
  const head: string[] = [];
  let count = 0;
  for (const line of lines) {
    hash.update(line);
    hash.update('\n');
    if (head.length < headLines) head.push(line);
    const type = /"type":"([^"]+)"/.exec(line)?.[1];
    if (type !== undefined) {
      byType[type] = (byType[type] ?? 0) + 1;
      seenTypes.add(type);
    }
    count++;
  }
  return { lines: count, sha256: hash.digest('hex'), byType, head };
}

/** The shortest exact record of a stream: `<lines> lines, sha256 <hex>`. */
export function fingerprint(lines: Iterable<string>): string {
  const { lines: count, sha256: hex } = digest(lines, 0);
  return `${count} lines, sha256 ${hex}`;
}

/** What a module's seeded tests are declared with. */
export interface SeededTests {
  /** One snapshot per seed of {@link SEEDS}. */
  it(name: string, run: (seed: Seed) => unknown): SeededTests;
  /** Several named snapshots per seed: variants (options, methods) of one export. */
  describe(name: string, variants: Record<string, (seed: Seed) => unknown>): SeededTests;
  /** One snapshot, for exports that take no seed; `names` are the exports it covers. */
  once(names: string | readonly string[], run: () => unknown): SeededTests;
  /** No snapshot, with the reason (not a generator, or covered elsewhere). */
  skip(names: string | readonly string[], reason: string): SeededTests;
}

/**
 * Declares seeded snapshot tests for the exports of `module`, then a test that every exported
 * function is covered.
 *
 * @example
 * seededTests('vcc-event-sim', core, (t) =>
 *   t.it('hashSeed', (seed) => core.hashSeed(String(seed))).skip('parseUtc', 'not seeded'),
 * );
 */
export function seededTests(
  moduleName: string,
  module: Record<string, unknown>,
  factory: (t: SeededTests) => void,
): void {
  // Files may share this module (the unit project loads modules once per worker): the types
  // digested are this file's. Declaring runs before any test does, so nothing of it is lost.
  seenTypes.clear();
  describe(moduleName, () => {
    const covered = new Set<string>();
    const claim = (names: string | readonly string[]): string => {
      const list = typeof names === 'string' ? [names] : names;
      for (const name of list) {
        if (!(name in module)) throw new Error(`${moduleName} has no export "${name}".`);
        if (covered.has(name)) throw new Error(`"${name}" is declared twice in ${moduleName}.`);
        covered.add(name);
      }
      return list.join(', ');
    };
    const t: SeededTests = {
      it(name, run) {
        claim(name);
        test.each(SEEDS)(`${name} (seed %s)`, (seed) => {
          expect(run(seed)).toMatchSnapshot();
        });
        return t;
      },
      describe(name, variants) {
        claim(name);
        describe(name, () => {
          for (const [variant, run] of Object.entries(variants)) {
            test.each(SEEDS)(`${variant} (seed %s)`, (seed) => {
              expect(run(seed)).toMatchSnapshot();
            });
          }
        });
        return t;
      },
      once(names, run) {
        const title = claim(names);
        test(title, () => {
          expect(run()).toMatchSnapshot();
        });
        return t;
      },
      skip(names, reason) {
        if (reason.trim() === '') throw new Error(`Give the reason ${String(names)} is skipped.`);
        claim(names);
        return t;
      },
    };
    factory(t);
    test(`every function ${moduleName} exports has a snapshot or a reason it has none`, () => {
      const functions = Object.keys(module).filter((k) => typeof module[k] === 'function');
      expect(functions.filter((k) => !covered.has(k)).sort()).toEqual([]);
    });
  });
}
