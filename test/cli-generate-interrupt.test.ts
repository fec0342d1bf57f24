import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { BIN, ROOT, runCli, scratchDir } from './helpers.js';

const tmp = scratchDir('vcc-sim-generate-interrupt-');

test('Ctrl-C during generate --out says how much was written and leaves no file that looks complete', async () => {
  const out = join(tmp, 'day.json');
  const child = spawn(
    process.execPath,
    [BIN, 'generate', '--agents', '2000', '--duration', '30d', '--format', 'json', '--out', out],
    { cwd: ROOT },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr += d;
  });
  // Interrupted once it has written something.
  while (!(existsSync(`${out}.partial`) && statSync(`${out}.partial`).size > 0))
    await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGINT');
  const code = await new Promise((r) => child.on('close', r));
  expect(code).toBe(130);
  expect(existsSync(out)).toBe(false);
  const m = /SIGINT: stopped after (\d+) events; they are in (\S+) \(incomplete/.exec(stderr);
  expect(m?.[2]).toBe(`${out}.partial`);
  // The partial file holds that many events, in an array left open.
  const text = readFileSync(`${out}.partial`, 'utf8');
  expect(() => JSON.parse(text)).toThrow();
  expect(text.split('\n  {').length - 1).toBe(Number(m?.[1]));
});

test('generate --out writes the named file only once it is complete', async () => {
  const out = join(tmp, 'small.ndjson');
  const r = await runCli(['generate', '--scenario', 'smoke', '--out', out]);
  expect(r.code).toBe(0);
  expect(existsSync(`${out}.partial`)).toBe(false);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.length).toBe(Number(/generated (\d+) events/.exec(r.stderr)?.[1]));
});
