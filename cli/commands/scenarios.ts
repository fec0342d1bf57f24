import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { DEFAULT_SCENARIO, getScenario, SCENARIOS, type Scenario } from '../../scenarios/index.js';

function builder(y: Argv) {
  return y
    .positional('action', {
      choices: ['list', 'show'] as const,
      default: 'list',
      describe: 'list them, or show one',
    })
    .positional('name', { type: 'string', describe: 'The scenario to show' })
    .option('json', { type: 'boolean', default: false, describe: 'Print JSON' })
    .example('$0 scenarios', 'One line per scenario')
    .example(
      '$0 scenarios show peak-hour > my-scenario.mjs',
      'A definition to copy and edit; use it with --scenario ./my-scenario.mjs',
    );
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

/** A scenario as an ES module a user can copy, typed for editors through JSDoc. */
export function scenarioModule(s: Scenario): string {
  return (
    `// ${s.summary}\n` +
    `// Use it with: vcc-sim fire --scenario ./${s.name}.mjs (or load / generate)\n` +
    `/** @type {import('vcc-event-sim/scenarios').Scenario} */\n` +
    `export default ${JSON.stringify(s, null, 2)};\n`
  );
}

async function handler(argv: Args): Promise<void> {
  if (argv.action === 'show') {
    const s = getScenario(argv.name ?? DEFAULT_SCENARIO);
    process.stdout.write(argv.json ? `${JSON.stringify(s, null, 2)}\n` : scenarioModule(s));
    return;
  }
  if (argv.json) {
    process.stdout.write(
      `${JSON.stringify(
        SCENARIOS.map((s) => ({ name: s.name, summary: s.summary })),
        null,
        2,
      )}\n`,
    );
    return;
  }
  const width = Math.max(...SCENARIOS.map((s) => s.name.length));
  for (const s of SCENARIOS)
    process.stdout.write(
      `${s.name.padEnd(width)}  ${s.summary}${s.name === DEFAULT_SCENARIO ? ' (default)' : ''}\n`,
    );
}

/** `vcc-sim scenarios [show NAME]`. */
export const scenariosCommand: CommandModule<object, Args> = {
  command: 'scenarios [action] [name]',
  describe: 'List the built-in scenarios, or show one as a definition to copy',
  builder: builder as never,
  handler,
};
