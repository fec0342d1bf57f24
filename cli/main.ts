/**
 * The vcc-sim command line: the only code that reads argv, writes to stdout/stderr or exits.
 */
import yargs, { type Argv, type CommandModule } from 'yargs';
import { describeError, EXIT } from './cli-error.js';
import {
  checkTypedFlags,
  type FlagTypes,
  flagErrorLine,
  joinSignedValues,
  noteEnvironment,
  SECRET_FLAGS,
  withEnvironment,
} from './flag-checks.js';
import { detail, setLogLevel } from './log.js';

/**
 * A command as `vcc-sim --help` lists it. Its module (builder, handler and everything they
 * import) loads only when the command runs or shows its own help, so starting one command does not
 * load the others. `command` and `describe` are the module's own.
 */
interface CommandEntry {
  command: string;
  describe: string;
  load: () => Promise<CommandModule<object, never>>;
}

/** Commands, each a yargs command module loaded on use; later commands register here too. */
export const commands: CommandEntry[] = [
  {
    command: 'generate',
    describe: 'Generate a reproducible stream of notifications for a simulated contact center',
    load: async () => (await import('./commands/generate.js')).generateCommand as never,
  },
  {
    command: 'validate <file>',
    describe: 'Check a stream against the schemas and the lifecycle invariants',
    load: async () => (await import('./commands/validate.js')).validateCommand as never,
  },
  {
    command: 'scenarios [action] [name]',
    describe: 'List the built-in scenarios, or show one as a definition to copy',
    load: async () => (await import('./commands/scenarios.js')).scenariosCommand as never,
  },
  {
    command: 'fire',
    describe:
      'Deliver notifications to a webhook receiver the way VCC does (signed, retried, nothing lost)',
    load: async () => (await import('./commands/fire.js')).fireCommand as never,
  },
  {
    command: 'receive',
    describe: 'Run the built-in webhook receiver (validates, verifies signatures, dedupes, pairs)',
    load: async () => (await import('./commands/receive.js')).receiveCommand as never,
  },
  {
    command: 'load',
    describe:
      'Fire a scenario at a receiver through k6: thresholds, summary, HTML report, scale-out',
    load: async () => (await import('./commands/load.js')).loadCommand as never,
  },
  {
    command: 'trigger <event>',
    describe: 'Send one named notification, or an agent hang-up pair, and show the answer',
    load: async () => (await import('./commands/trigger.js')).triggerCommand as never,
  },
  {
    command: 'check',
    describe:
      "Grade a webhook receiver against VCC's delivery contract, and find its capacity in agents",
    load: async () => (await import('./commands/check.js')).checkCommand as never,
  },
  {
    command: 'report [file]',
    describe:
      'Report KPIs (service level, abandonment, ASA, AHT, occupancy, notification peaks) from events',
    load: async () => (await import('./commands/report.js')).reportCommand as never,
  },
  {
    command: 'fit [capture]',
    describe:
      'Fit a scenario to a stream of notifications (a capture): hours, curve, handle times, shares',
    load: async () => (await import('./commands/fit.js')).fitCommand as never,
  },
];

/** A yargs command module for `entry` whose builder imports the real module (async builder). */
function lazyCommand(entry: CommandEntry): CommandModule {
  let loaded: CommandModule<object, never> | undefined;
  return {
    command: entry.command,
    describe: entry.describe,
    builder: async (y: Argv) => {
      loaded = await entry.load();
      const { builder } = loaded;
      if (typeof builder === 'function') return (await builder(y as never)) as Argv;
      return builder ? y.options(builder as never) : y;
    },
    handler: (argv) => (loaded as CommandModule<object, never>).handler(argv as never),
  };
}

/** Builds the parser; exported for tests. */
export function buildCli(argv: string[]): Argv {
  const { words, from } = withEnvironment(joinSignedValues(argv), process.env);
  noteEnvironment(from);
  let cli = yargs(words)
    .scriptName('vcc-sim')
    .usage('$0 <command> [options]\n\nSimulate Vonage Contact Center channel notifications.')
    .strict()
    .demandCommand(1, 'Name a command, e.g. "vcc-sim generate". Run "vcc-sim --help" for the list.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .alias('v', 'version')
    .completion(
      'completion',
      'Print a shell completion script (bash, or zsh when $SHELL is zsh): vcc-sim completion >> ~/.bashrc',
    )
    .option('quiet', {
      alias: 'q',
      type: 'boolean',
      global: true,
      describe: 'Only warnings and errors on stderr (no plan, progress or summary lines there)',
    })
    .option('verbose', {
      type: 'boolean',
      global: true,
      describe: 'Also print the options in effect and where each came from',
    })
    .conflicts('quiet', 'verbose')
    .middleware((argv) => {
      setLogLevel(argv.quiet ? 'quiet' : argv.verbose ? 'verbose' : 'normal');
      if (argv.verbose) detail(optionsInEffect(argv, words, from));
    })
    .middleware(
      ((_argv: unknown, y: Argv) =>
        checkTypedFlags(
          words,
          (y as unknown as { getOptions(): FlagTypes }).getOptions(),
        )) as never,
      true,
    )
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  for (const c of commands) cli = cli.command(lazyCommand(c));
  return cli;
}

class UsageError extends Error {}

/** `--verbose`: each option's value and where it came from (the line, a variable, a default). */
function optionsInEffect(
  argv: Record<string, unknown>,
  words: readonly string[],
  env: ReadonlyMap<string, string>,
): string {
  const typed = new Set(
    words.flatMap((w) => {
      const m = /^--?([A-Za-z][\w-]*)/.exec(w);
      return m ? [m[1] as string] : [];
    }),
  );
  const lines = Object.entries(argv)
    .filter(
      ([k, v]) => /^[a-z][a-z0-9-]*$/.test(k) && k.length > 1 && k !== '$0' && v !== undefined,
    )
    .filter(([k]) => !['quiet', 'verbose', 'help', 'version'].includes(k))
    .map(([k, v]) => {
      const source = env.has(k) ? env.get(k) : typed.has(k) ? 'flag' : 'default';
      const shown = SECRET_FLAGS.has(k) ? '(hidden)' : JSON.stringify(v);
      return `  --${k} ${shown} (${source})`;
    });
  return `vcc-sim ${String((argv._ as unknown[])?.[0] ?? '')}: options in effect\n${lines.join('\n')}`;
}

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
    const about =
      flagErrorLine(err, withEnvironment(joinSignedValues(argv), process.env).words) ?? line;
    if (about) process.stderr.write(`vcc-sim: ${about}\n`);
    return code;
  }
}
