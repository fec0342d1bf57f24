import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Test files that start processes (the built CLI, the real k6 binary): named `cli-*` and `k6-*`.
 * `npm run test:unit` runs the other test files but the model's statistical checks (MODEL_TESTS)
 * and the rate measured alone (THROUGHPUT_TESTS): in-process, seconds; `npm test` runs all.
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
 * The statistical checks of the simulation model: in-process, but each simulates many seeds or
 * whole days so that its tolerances are tight (Erlang C/A agreement over 200-hour runs, whole-day
 * KPI bounds, the report's agreement over 27 simulated days, lifecycle rates over 17 runs, the
 * stream invariants over 16 seeds and over each built-in scenario's whole stream, a fit's round
 * trip, calibrated by simulation, within its stated tolerances): together over half of the
 * in-process CPU. They are the `model` project: `npm test` (and CI) runs them beside the `unit`
 * files, in the same workers; `npm run test:unit`, the quick loop, leaves them out
 * (`npx vitest run --project model` runs them).
 */
export const MODEL_TESTS = [
  'test/erlang.test.ts',
  'test/model-kpis.test.ts',
  'test/center-report.test.ts',
  'test/lifecycle.test.ts',
  'test/simulation-invariants.test.ts',
  'test/scenario-streams.test.ts',
  'test/fit.test.ts',
];

/**
 * The in-process test file that spends the most wall time waiting on sockets and timers (a
 * receiver's deadline, two timeouts in a row), not on the CPU: it starts first, in the one worker
 * the unit project has beyond one per core, so its waits (about 9 s: its cases run concurrently,
 * the slowest receiver's alone) overlap the CPU-bound files instead of coming after them. Vitest starts files it has no times for (a fresh clone)
 * largest first, and with times, longest first: either way check-receivers had started half-way
 * through a run and was the last file to end. One file only: more workers than cores + 1 let
 * CPU-bound files time out on a machine loaded 20 times over (three did, in one such run).
 */
export const WAITING_TESTS = ['test/check-receivers.test.ts'];

/**
 * The process test files that take longest (seconds each with three at a time, BENCHMARKS.md),
 * longest first: they start first, whatever vitest's cache of durations holds. That cache orders
 * files by their last run, and a run of part of a file (`-t`) records part of its time: after
 * one, k6-load (83 s) started 204 s into the process project and ended the whole run 80 s after
 * the other files. A fresh clone (CI) has no cache, and vitest orders by file size.
 */
export const LONGEST_TESTS = [
  'test/k6-load.test.ts',
  'test/cli-check.test.ts',
  'test/cli-scenarios.test.ts',
  'test/k6-load-replay-files.test.ts',
  'test/cli-fire.test.ts',
  'test/cli-package.test.ts',
  'test/k6-load-control.test.ts',
  'test/cli-real-use.test.ts',
];

class WaitingFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (list: string[], f: TestSpecification) =>
      list.findIndex((w) => f.moduleId === `${root}${w}`);
    const waits = (f: TestSpecification) => rank(WAITING_TESTS, f) >= 0;
    const longest = sorted
      .filter((f) => rank(LONGEST_TESTS, f) >= 0)
      .sort((a, b) => rank(LONGEST_TESTS, a) - rank(LONGEST_TESTS, b));
    const rest = sorted.filter((f) => !waits(f) && rank(LONGEST_TESTS, f) < 0);
    return [...sorted.filter(waits), ...longest, ...rest];
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
          // one more for the files that spend seconds waiting on sockets and timers (check's
          // deadlines, started first: see WaitingFirst; deliver's Retry-After and chaos delays),
          // so such a wait does not leave a core idle.
          maxWorkers: availableParallelism() + 1,
          // One module cache per worker, not one per file: loading the sources and vitest again
          // for each of ~40 files was a third of the project's CPU. What state a file could see
          // from the one before is reset by the setup file (see test/support/per-file.ts).
          isolate: false,
          setupFiles: ['test/support/per-file.ts'],
          // Projects with their own worker counts run one after the other: in-process first.
          sequence: { groupOrder: 0 },
          include: ['test/**/*.test.ts', 'mocks/**/*.test.ts'],
          exclude: [
            ...configDefaults.exclude,
            ...PROCESS_TESTS,
            ...THROUGHPUT_TESTS,
            ...MODEL_TESTS,
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'model',
          // The unit project's workers and settings, and its group: `npm test` runs both together.
          maxWorkers: availableParallelism() + 1,
          isolate: false,
          setupFiles: ['test/support/per-file.ts'],
          sequence: { groupOrder: 0 },
          include: MODEL_TESTS,
        },
      },
      {
        extends: true,
        test: {
          name: 'process',
          include: PROCESS_TESTS,
          sequence: { groupOrder: 1 },
          // A file per core and one more: these wait on their processes part of the time (k6
          // firing at a paced rate, a receiver's deadline), and a third file fills the cores
          // meanwhile (npm test 413 s with two at a time, 365 s with three: BENCHMARKS.md). No
          // test depends on how busy the machine is: each waits for what it needs.
          maxWorkers: availableParallelism() + 1,
          // A worker runs file after file (as the unit project's do): a fresh fork per file loaded
          // vitest and the test's sources again, about 0.8 s of CPU for each of the 29 files. What
          // these files could share lives in the processes they start; the few that run the CLI in
          // the worker (`runHere`) put back its output streams, environment and exit code.
          isolate: false,
          setupFiles: ['test/support/per-file.ts'],
          // A hung test still fails; a busy machine running three files at once does not.
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
