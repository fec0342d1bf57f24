import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Test files that start processes (the built CLI, the real k6 binary): named `cli-*` and `k6-*`.
 * `npm run test:unit` runs every other test file (in-process, seconds); `npm test` runs all.
 * `test/test-layout.test.ts` checks that no other file starts a process.
 */
export const PROCESS_TESTS = ['test/cli-*.test.ts', 'test/k6-*.test.ts'];

/**
 * Test files that measure a rate (the capacity search of `check` against a receiver limited to N
 * requests/s, found within 30%): in-process, but they run alone, after the others, so the other
 * test files do not take the CPU the rate is measured with. `npm test` runs them; `test:unit` not.
 */
export const THROUGHPUT_TESTS = ['test/check-capacity.test.ts'];

/**
 * In-process test files that spend most of their wall time waiting on sockets and timers (a
 * receiver's deadline, Retry-After, chaos delays), not on the CPU: they start first, each in a
 * worker of its own beside one worker per core, so their waits overlap the CPU-bound files
 * instead of coming after them (vitest would start the files it has no times for, as on a fresh
 * clone, largest first, and check-receivers was started half-way through).
 */
export const WAITING_TESTS = [
  'test/check-receivers.test.ts',
  'test/deliver.test.ts',
  'test/deliver-pressure.test.ts',
];

/** Vitest's order (groups, then the longest or largest first), the waiting files before the rest. */
class WaitingFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const waits = (f: TestSpecification) => WAITING_TESTS.some((w) => f.moduleId === `${root}${w}`);
    return [...sorted.filter(waits), ...sorted.filter((f) => !waits(f))];
  }
}

export default defineConfig({
  // The package's own entry points by name, as a user imports them (the worked example).
  resolve: {
    alias: [
      { find: /^vcc-event-sim$/, replacement: `${root}generator/index.ts` },
      {
        find: /^vcc-event-sim\/(mocks|sender|receiver|scenarios|check)$/,
        replacement: `${root}$1/index.ts`,
      },
    ],
  },
  test: {
    sequence: { sequencer: WaitingFirst },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // CPU-bound files: a worker per core (the default leaves one core to vitest itself), and
          // one more for each file that spends seconds waiting on sockets and timers (started
          // first, see WaitingFirst), so such a wait does not leave a core idle.
          maxWorkers: availableParallelism() + WAITING_TESTS.length,
          // One module cache per worker, not one per file: loading the sources and vitest again
          // for each of ~40 files was a third of the project's CPU. What state a file could see
          // from the one before is reset by the setup file (see test/support/per-file.ts).
          isolate: false,
          setupFiles: ['test/support/per-file.ts'],
          // Projects with their own worker counts run one after the other: in-process first.
          sequence: { groupOrder: 0 },
          include: ['test/**/*.test.ts', 'mocks/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...PROCESS_TESTS, ...THROUGHPUT_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: 'process',
          include: PROCESS_TESTS,
          sequence: { groupOrder: 1 },
          // Two files at a time on 2 cores (vitest's default leaves one core to itself): these
          // mostly wait on their processes (paced firing, k6 starting, the CLI loading), and no
          // test depends on how busy the machine is: each waits for what it needs.
          maxWorkers: availableParallelism(),
          // A hung test still fails; a busy machine running two files at once does not.
          testTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'throughput',
          include: THROUGHPUT_TESTS,
          sequence: { groupOrder: 2 },
          maxWorkers: 1,
        },
      },
    ],
  },
});
