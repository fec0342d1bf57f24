import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, runCli, scratchDir } from './helpers.js';
import { runHere } from './support/run-here.js';

const tmp = scratchDir('vcc-sim-conventions-');

const GEN = ['generate', '--agents', '4', '--duration', '1h'];

// Each test runs the CLI as a process at least once (a variable as a process inherits it, the exit
// code and streams as a shell sees them); the runs it compares that one with go in this process
// (`runHere`, with the same variables set), which costs milliseconds instead of a process.

describe('vcc-sim completion', () => {
  test('prints a bash script that completes commands and a command flags', async () => {
    const script = await runCli(['completion'], undefined, { SHELL: '/bin/bash' });
    expect(script.code, script.stderr).toBe(0);
    expect(script.stdout).toContain('complete -o bashdefault -o default -F');
    // vcc-sim on PATH (as installed), the script sourced, its function asked as bash asks it.
    const dir = mkdtempSync(join(tmp, 'vcc-sim-completion-'));
    const launcher = join(dir, 'vcc-sim');
    writeFileSync(
      launcher,
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`,
      {
        mode: 0o755,
      },
    );
    writeFileSync(join(dir, 'completion.bash'), script.stdout);
    const complete = (words: string) =>
      new Promise<string>((done, fail) =>
        execFile(
          'bash',
          [
            '-c',
            `source completion.bash; COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _vcc-sim_yargs_completions; printf '%s\\n' "\${COMPREPLY[@]}"`,
          ],
          { cwd: dir, env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } },
          (err, stdout, stderr) => (err ? fail(new Error(stderr)) : done(stdout)),
        ),
      );
    expect((await complete('vcc-sim gen')).trim()).toBe('generate');
    expect((await complete('vcc-sim generate --ag')).trim()).toBe('--agents');
    expect((await complete('vcc-sim fire --tar')).trim()).toBe('--target');
  });

  test('prints a zsh script when the shell is zsh', async () => {
    const r = await runCli(['completion'], undefined, { SHELL: '/usr/bin/zsh' });
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('#compdef vcc-sim')).toBe(true);
  });
});

describe('environment variables', () => {
  test('VCC_SIM_SEED is --seed; a flag on the line wins over it', async () => {
    const byEnv = await runCli(GEN, undefined, { VCC_SIM_SEED: '9' });
    const byFlag = await runHere([...GEN, '--seed', '9']);
    const both = await runHere([...GEN, '--seed', '3'], { VCC_SIM_SEED: '9' });
    const other = await runHere([...GEN, '--seed', '3']);
    expect(byFlag.code, byFlag.stderr).toBe(0);
    expect(byFlag.stdout.length).toBeGreaterThan(0);
    expect(byEnv.stdout).toBe(byFlag.stdout);
    expect(both.stdout).toBe(other.stdout);
    expect(both.stdout).not.toBe(byFlag.stdout);
  });

  test('a bad value from a variable names the variable and the flag', async () => {
    const r = await runCli(GEN, undefined, { VCC_SIM_SCENARIO: 'nope' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^vcc-sim: VCC_SIM_SCENARIO="nope" \(--scenario\): not a scenario/,
    );
    const t = await runHere(['fire', '--max', '--duration', '1h'], { VCC_SIM_TARGET: 'ftp://x' });
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('ftp://x');
  });

  test('a variable a command does not take is ignored by it', async () => {
    const r = await runCli(['validate', '-'], (await runHere(GEN)).stdout, {
      VCC_SIM_TARGET: 'http://127.0.0.1:1/',
    });
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('-v', () => {
  test('is --version', async () => {
    // Both as processes: yargs prints the version with console.log, which a test's console takes.
    const [short, long] = await Promise.all([runCli(['-v']), runCli(['--version'])]);
    expect(short.code).toBe(0);
    expect(short.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(short.stdout).toBe(long.stdout);
  });
});

describe('--quiet and --verbose', () => {
  test('--quiet leaves stderr to warnings and errors; the data on stdout is the same', async () => {
    const quiet = await runCli([...GEN, '--quiet']);
    const plain = await runHere(GEN);
    expect(plain.stderr).toMatch(/^generated \d+ events/);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(plain.stdout);
    const short = await runHere(['-q', ...GEN]);
    expect(short.stderr).toBe('');
  });

  test('--verbose prints the options in effect and where each came from', async () => {
    const r = await runCli([...GEN, '--verbose'], undefined, { VCC_SIM_SEED: '5' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('vcc-sim generate: options in effect');
    expect(r.stderr).toContain('--agents 4 (flag)');
    expect(r.stderr).toContain('--seed "5" (VCC_SIM_SEED)');
    expect(r.stderr).toContain('--format "ndjson" (default)');
  });

  test('--verbose hides secrets, bearer tokens and header values; a blank variable is unset', async () => {
    const r = await runCli(
      ['trigger', 'hang-up', '--verbose', '--bearer', 'TOPSECRET', '--header', 'X-Api-Key: KEY123'],
      undefined,
      { VCC_SIM_SEED: '' },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('--bearer (hidden) (flag)');
    expect(r.stderr).not.toMatch(/TOPSECRET|KEY123/);
    const blank = await runHere(GEN, { VCC_SIM_SEED: '' });
    const plain = await runHere(GEN);
    expect(blank.stdout).toBe(plain.stdout);
  });

  test('--quiet with --verbose is a usage error', async () => {
    const r = await runCli([...GEN, '--quiet', '--verbose']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

describe('one --json shape', () => {
  test('generate --json (with --out) and fire --json start with command, ok and exitCode', async () => {
    const dir = mkdtempSync(join(tmp, 'vcc-sim-json-'));
    const out = join(dir, 'day.ndjson');
    const [fire, gen, noOut] = [
      await runCli(['fire', '--max', '--json']),
      await runHere([...GEN, '--out', out, '--json']),
      await runHere([...GEN, '--json']),
    ];
    const g = JSON.parse(gen.stdout);
    expect(Object.keys(g).slice(0, 3)).toEqual(['command', 'ok', 'exitCode']);
    expect(g).toMatchObject({ command: 'generate', ok: true, exitCode: 0, out, complete: true });
    expect(g.events).toBe(readFileSync(out, 'utf8').trim().split('\n').length);
    const f = JSON.parse(fire.stdout);
    expect(Object.keys(f).slice(0, 3)).toEqual(['command', 'ok', 'exitCode']);
    expect(f).toMatchObject({ command: 'fire', ok: true, exitCode: fire.code, scenario: 'smoke' });
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--json needs --out FILE/);
  });
});
