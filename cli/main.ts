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
  unknownFlagsLine,
  withEnvironment,
} from './flag-checks.js';
import { detail, setLogLevel } from './log.js';
import { ownVersion } from './package-root.js';

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
  {
    command: 'anonymise <file>',
    describe:
      'Pseudonymise a capture or stream (keyed, consistent ids; schema fields only; KPIs unchanged)',
    load: async () => (await import('./commands/anonymise.js')).anonymiseCommand as never,
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
  // The command's flags, heard before validation: an unknown flag is answered with the nearest.
  let known: string[] = [];
  let cli = yargs(words)
    .scriptName('vcc-sim')
    .usage('$0 <command> [options]\n\nSimulate Vonage Contact Center channel notifications.')
    .strict()
    .demandCommand(1, 'Name a command, e.g. "vcc-sim generate". Run "vcc-sim --help" for the list.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    // The package's own version: yargs' default reads the nearest package.json from the working
    // directory, which inside a user's project is theirs.
    .version(ownVersion())
    .alias('v', 'version')
    .completion(
      'completion',
      'Print a shell completion script (bash, or zsh when $SHELL is zsh): vcc-sim completion >> ~/.bashrc',
      ((current: string, _argv: unknown, filter: CompletionFilter, done: (c: string[]) => void) => {
        valueCompletions(words).then((values) =>
          values ? done(values.filter((v) => v.startsWith(current))) : filter(),
        );
      }) as never,
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
      ((_argv: unknown, y: Argv) => {
        const types = (y as unknown as { getOptions(): FlagTypes }).getOptions();
        known = Object.keys(types.key);
        checkTypedFlags(words, types);
      }) as never,
      true,
    )
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(unknownFlagsLine(msg, words, known) ?? msg);
    });
  for (const c of commands) cli = cli.command(lazyCommand(c));
  skipHelpCache(cli);
  return cli;
}

/** The part of yargs' internals {@link skipHelpCache} reaches: its usage (help) renderer. */
interface YargsInternals {
  getInternalMethods?: () => { getUsageInstance(): { cacheHelpMessage(): void } };
}

/**
 * yargs renders the whole help text of a command each time the command starts, and keeps it to
 * print if the command fails later; our `.fail` never prints help, and `--help` renders its own.
 * The rendering (cliui wrapping every flag's description) cost 0.1-0.2 s of CPU on every run, a
 * fifth of a usage error's; turned off. Without the internal (another yargs), nothing changes.
 */
function skipHelpCache(cli: Argv): void {
  const usage = (cli as unknown as YargsInternals).getInternalMethods?.().getUsageInstance();
  if (usage) usage.cacheHelpMessage = () => {};
}

class UsageError extends Error {}

/** yargs' default completion, called when no value list applies. */
type CompletionFilter = () => void;

/**
 * The values Tab offers after a flag or a command that takes a named thing: scenario names after
 * `--scenario`, event types after `--types` (and for `trigger`, with its short names and
 * `hang-up`); undefined elsewhere (then the commands and flags).
 */
async function valueCompletions(words: readonly string[]): Promise<string[] | undefined> {
  const at = words.indexOf('--get-yargs-completions');
  if (at < 0) return undefined;
  // The shell passes the whole line: the program's name, the words, the one being completed.
  const line = words.slice(at + 2);
  const previous = line.at(-2);
  const command = line.find((w) => !w.startsWith('-'));
  const types = async () =>
    (await import('../generator/notifications/event-types.js')).NOTIFICATION_TYPES as string[];
  if (previous === '--scenario')
    return (await import('../scenarios/index.js')).SCENARIOS.map((s) => s.name);
  // --types takes several: every word after it that is not a flag.
  const typesAt = line.lastIndexOf('--types');
  if (typesAt >= 0 && line.slice(typesAt + 1, -1).every((w) => !w.startsWith('-'))) return types();
  if (command === 'trigger' && line.indexOf('trigger') === line.length - 2) {
    const all = await types();
    const short = all
      .filter((t) => /^channel\.\w+\.v0$/.test(t))
      .map((t) => t.split('.')[1] as string);
    return ['hang-up', ...short, ...all];
  }
  return undefined;
}

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
