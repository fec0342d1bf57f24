/**
 * What a command says on stderr besides its errors, by level: `--quiet` keeps warnings and
 * errors only, `--verbose` adds detail (the options in effect and where each came from). Data
 * goes to stdout whatever the level.
 */

export type LogLevel = 'quiet' | 'normal' | 'verbose';

let level: LogLevel = 'normal';

/** Sets the level for this run (the CLI does, from `--quiet` / `--verbose`). */
export function setLogLevel(next: LogLevel): void {
  level = next;
}

/** The level in effect. */
export function logLevel(): LogLevel {
  return level;
}

/** A line of information (a plan, a summary on stderr, where a file went); not with `--quiet`. */
export function info(line: string): void {
  if (level !== 'quiet') process.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
}

/** A line of detail, only with `--verbose`. */
export function detail(line: string): void {
  if (level === 'verbose') process.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
}

/** A warning: always shown. */
export function warn(line: string): void {
  process.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
}

/** Whether live progress (a redrawn line) may be shown: a terminal, and not `--quiet`. */
export function progressAllowed(): boolean {
  return level !== 'quiet' && Boolean(process.stderr.isTTY);
}
