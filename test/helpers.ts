import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { serializeNotification } from '../generator/notifications/notification-builders.js';
import type { SimulationOptions } from '../generator/simulation/options.js';
import { simulate } from '../generator/simulation/simulate.js';

export const ROOT = join(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'vcc-sim');

/**
 * A new folder in the system's temporary one, removed with all it holds once the calling test
 * file's tests have run (call it at the file's top level). Folders made with `mkdtempSync` alone
 * stayed behind: a whole run left about 100 of them, 50 MB for each packed-package project.
 */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }));
  return dir;
}

/** The environment the CLI runs in under test: the caller's, minus the flags' variables. */
function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['VCC_SIM_TARGET', 'VCC_SIM_SECRET', 'VCC_SIM_SEED', 'VCC_SIM_SCENARIO'])
    delete env[name];
  return { ...env, ...extra };
}

/** Runs the CLI as a process: stdout, stderr and the exit code. */
export function runCli(
  args: string[],
  input?: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: cliEnv(env),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** A whole run as NDJSON text. */
export function ndjson(options: SimulationOptions): string {
  let out = '';
  for (const n of simulate(options)) out += `${serializeNotification(n)}\n`;
  return out;
}
