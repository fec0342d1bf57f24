/**
 * The CLI run in the test's own process: `run` from cli/main.ts (what `main` runs, returning the
 * exit code instead of setting it), with this process's stdout and stderr captured while it runs,
 * one run at a time. A usage error costs milliseconds here against a third of a second of CPU
 * for a process of its own, and process tests check hundreds: those files run each error here and
 * one of them also as a process (`sameAsProcess`), which must end the same way.
 *
 * What only reads files and prints (`generate`, `report FILE`, `validate FILE`, `scenarios show`,
 * `anonymise`, `load --k6-operator`) runs here too when a test needs its output, not the process:
 * the events file a `fire` test reads, the report it is compared with. Each such command still
 * runs as a process in some process test. What is about the process stays one: stdin and pipes,
 * signals, receivers, `fire`, `load` and k6 runs, and what yargs prints with console.log
 * (`--version`, completions), which the test's console would take instead.
 *
 * @example
 * const r = await runHere(['generate', '--agents', 'abc']); // { code: 2, stdout: '', stderr: 'vcc-sim: …' }
 */
import { expect } from 'vitest';
import { setLogLevel } from '../../cli/log.js';
import { run } from '../../cli/main.js';
import { runCli } from '../helpers.js';

export type Ran = { code: number; stdout: string; stderr: string };

/** The variables a test run of the CLI never inherits (as `runCli` leaves them out). */
const CLEARED = ['VCC_SIM_TARGET', 'VCC_SIM_SECRET', 'VCC_SIM_SEED', 'VCC_SIM_SCENARIO'];

/** One at a time: stdout, stderr and the environment are the process's, changed while `run` runs. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * A run that has not ended by then is a hang (a check that should refuse a flag let a receiver
 * listen, say): it fails, and the streams and variables are put back so that the worker's next
 * test files are not left waiting behind it. The slowest run here takes a few seconds.
 */
const HANG_MS = 120_000;

function unlessHung(args: string[], running: Promise<number>): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`runHere: vcc-sim ${args.join(' ')} did not end in ${HANG_MS} ms`)),
      HANG_MS,
    );
    timer.unref();
  });
  return Promise.race([running, hung]).finally(() => clearTimeout(timer));
}

/** Runs `args` here, with `env` set (as `runCli`'s third argument sets it for a process). */
export function runHere(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const ran = queue.then(async () => {
    const out: string[] = [];
    const err: string[] = [];
    const { write: writeOut } = process.stdout;
    const { write: writeErr } = process.stderr;
    const changed = [...new Set([...CLEARED, ...Object.keys(env), 'NO_COLOR'])];
    const before = Object.fromEntries(changed.map((k) => [k, process.env[k]]));
    for (const k of CLEARED) delete process.env[k];
    process.env['NO_COLOR'] = '1';
    Object.assign(process.env, env);
    process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as never;
    process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as never;
    process.exitCode = undefined;
    try {
      const code = await unlessHung(args, run(args));
      return { code, stdout: out.join(''), stderr: err.join('') };
    } finally {
      process.stdout.write = writeOut;
      process.stderr.write = writeErr;
      process.exitCode = undefined;
      // `--quiet` and `--verbose` set the level for the run; a process would end with it.
      setLogLevel('normal');
      for (const [k, v] of Object.entries(before))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });
  queue = ran.catch(() => undefined);
  return ran;
}

/** Runs `args` here and as a process (stdin empty): both must give the same exit, stdout and stderr. */
export async function sameAsProcess(args: string[]): Promise<Ran> {
  const here = await runHere(args);
  const p = await runCli(args, '');
  expect({ code: p.code, stdout: p.stdout, stderr: p.stderr }).toEqual(here);
  return here;
}
