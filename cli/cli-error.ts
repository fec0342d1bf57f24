import { SimError } from '../generator/errors.js';

/**
 * Exit codes every command follows: 0 ok, 1 the run failed its checks, 2 usage or configuration
 * error, 130 stopped by SIGINT or SIGTERM (after its summary).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, stopped: 130 } as const;

/** Thrown by a command to end the process with a one-line message and an exit code. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super(message);
  }
}

/** Maps any error to the exit code and the one line the CLI prints. */
export function describeError(err: unknown): { code: number; line: string } {
  if (err instanceof CliExit) return { code: err.exitCode, line: err.message };
  if (err instanceof SimError) {
    return { code: err.code === 'delivery' ? EXIT.failed : EXIT.usage, line: err.message };
  }
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && typeof e.path === 'string') {
    const why =
      e.code === 'ENOENT'
        ? 'no such file'
        : e.code === 'EACCES'
          ? 'permission denied'
          : e.code === 'EISDIR'
            ? 'is a directory'
            : e.code;
    return { code: EXIT.usage, line: `Cannot read or write "${e.path}": ${why}.` };
  }
  return { code: EXIT.failed, line: `Unexpected error: ${e?.stack ?? String(err)}` };
}
