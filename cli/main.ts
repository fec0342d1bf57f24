/**
 * The vcc-sim command line: the only code that reads argv, writes to stdout/stderr or exits.
 */
import yargs, { type Argv } from 'yargs';
import { describeError, EXIT } from './cli-error.js';
import { fireCommand } from './commands/fire.js';
import { generateCommand } from './commands/generate.js';
import { loadCommand } from './commands/load.js';
import { receiveCommand } from './commands/receive.js';
import { reportCommand } from './commands/report.js';
import { scenariosCommand } from './commands/scenarios.js';
import { validateCommand } from './commands/validate.js';

/** Commands, each a yargs command module; later commands register here too. */
export const commands = [
  generateCommand,
  validateCommand,
  scenariosCommand,
  fireCommand,
  receiveCommand,
  loadCommand,
  reportCommand,
];

/** Builds the parser; exported for tests. */
export function buildCli(argv: string[]): Argv {
  let cli = yargs(argv)
    .scriptName('vcc-sim')
    .usage('$0 <command> [options]\n\nSimulate Vonage Contact Center channel notifications.')
    .strict()
    .demandCommand(1, 'Name a command, e.g. "vcc-sim generate". Run "vcc-sim --help" for the list.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  for (const c of commands) cli = cli.command(c as never);
  return cli;
}

class UsageError extends Error {}

/** Runs the CLI and exits with its code. */
export async function main(argv: string[]): Promise<void> {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  process.exitCode = await run(argv);
}

/** Runs the CLI and returns the exit code instead of exiting (for tests). */
export async function run(argv: string[]): Promise<number> {
  try {
    await buildCli(argv).parseAsync();
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`vcc-sim: ${err.message}\n`);
      return EXIT.usage;
    }
    const { code, line } = describeError(err);
    if (line) process.stderr.write(`vcc-sim: ${line}\n`);
    return code;
  }
}
