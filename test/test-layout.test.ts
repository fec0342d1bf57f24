import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import {
  LONGEST_TESTS,
  MODEL_TESTS,
  PROCESS_TESTS,
  THROUGHPUT_TESTS,
  WAITING_TESTS,
} from '../vitest.config.js';
import { ROOT } from './helpers.js';

/** What starting a process looks like in a test (directly, or through `runCli` or `sameAsProcess`). */
const STARTS_A_PROCESS =
  /\b(spawn|spawnSync|execFile|execFileSync|execSync|execa|fork|runCli|sameAsProcess)\(/;

function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => relative(ROOT, join(ROOT, dir, f)));
}

const processTest = new RegExp(
  `^(${PROCESS_TESTS.map((p) => p.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')).join('|')})$`,
);

test('only test files named as process tests (cli-*, k6-*) start processes, so test:unit stays in-process', () => {
  const files = [...testFiles('test'), ...testFiles('mocks')];
  expect(files.filter((f) => processTest.test(f)).length).toBeGreaterThan(0);
  const unitFilesStartingProcesses = files.filter(
    (f) => !processTest.test(f) && STARTS_A_PROCESS.test(readFileSync(join(ROOT, f), 'utf8')),
  );
  expect(unitFilesStartingProcesses).toEqual([]);
});

test('the model and throughput projects name in-process test files that exist, each in one project', () => {
  const named = [...MODEL_TESTS, ...THROUGHPUT_TESTS];
  expect(named.filter((f) => !f.endsWith('.test.ts') || !existsSync(join(ROOT, f)))).toEqual([]);
  expect(named.filter((f) => processTest.test(f))).toEqual([]);
  expect(new Set(named).size).toBe(named.length);
});

test('the files started first (the longest process tests, the in-process file that waits) exist, each in its project', () => {
  const missing = [...LONGEST_TESTS, ...WAITING_TESTS].filter((f) => !existsSync(join(ROOT, f)));
  expect(missing).toEqual([]);
  expect(LONGEST_TESTS.filter((f) => !processTest.test(f))).toEqual([]);
  expect(WAITING_TESTS.filter((f) => processTest.test(f))).toEqual([]);
});
