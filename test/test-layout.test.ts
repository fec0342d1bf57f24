import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { PROCESS_TESTS } from '../vitest.config.js';
import { ROOT } from './helpers.js';

/** What starting a process looks like in a test (directly, or through helpers' `runCli`). */
const STARTS_A_PROCESS = /\b(spawn|spawnSync|execFile|execFileSync|execSync|execa|fork|runCli)\(/;

function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => relative(ROOT, join(ROOT, dir, f)));
}

test('only test files named as process tests (cli-*, k6-*) start processes, so test:unit stays in-process', () => {
  const processTest = new RegExp(
    `^(${PROCESS_TESTS.map((p) => p.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')).join('|')})$`,
  );
  const files = [...testFiles('test'), ...testFiles('mocks')];
  expect(files.filter((f) => processTest.test(f)).length).toBeGreaterThan(0);
  const unitFilesStartingProcesses = files.filter(
    (f) => !processTest.test(f) && STARTS_A_PROCESS.test(readFileSync(join(ROOT, f), 'utf8')),
  );
  expect(unitFilesStartingProcesses).toEqual([]);
});
