import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { formatDuration } from '../../generator/duration.js';
import { DEFAULT_TYPES } from '../../generator/notifications/event-types.js';
import { resolveOptions } from '../../generator/simulation/options.js';
import { DEFAULT_SCENARIO, getScenario, SCENARIOS, type Scenario } from '../../scenarios/index.js';
import { jsonSummary } from '../json-summary.js';

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

/**
 * A scenario with every simulation field its run depends on written out: the window, seed, size,
 * types, hours and staffing the scenario leaves to the library's defaults are stated with the
 * values those defaults give, so a copy reads as the whole run and stays it.
 *
 * @example
 * explicitScenario(getScenario('steady')).simulation.start // '2026-01-05T08:00:00.000Z'
 */
export function explicitScenario(s: Scenario): Scenario {
  const sim = s.simulation;
  const r = resolveOptions(sim);
  const clock = (ms: number) =>
    `${String(Math.floor(ms / 3_600_000)).padStart(2, '0')}:${String((ms / 60_000) % 60).padStart(2, '0')}`;
  return {
    ...s,
    simulation: {
      seed: r.seed,
      start: new Date(r.startMs).toISOString(),
      ...(sim.end === undefined ? { duration: formatDuration(r.endMs - r.startMs) } : {}),
      agents: r.agents,
      teamSize: r.teamSize,
      types: [...(sim.types ?? DEFAULT_TYPES)],
      hours: { open: clock(r.openMs), close: clock(r.closeMs) },
      staffing: r.staffing,
      serviceLevel: { ...r.serviceLevel },
      afterHours: r.afterHours,
      ...sim,
    },
  };
}

/** A scenario as an ES module a user can copy, typed for editors through JSDoc. */
export function scenarioModule(s: Scenario): string {
  return (
    `// ${s.summary}\n` +
    `// Use it with: vcc-sim fire --scenario ./${s.name}.mjs (or load / generate)\n` +
    `// A file is a whole scenario: fields it leaves out take the library's defaults, not smoke's.\n` +
    `/** @type {import('vcc-event-sim/scenarios').Scenario} */\n` +
    `export default ${JSON.stringify(s, null, 2)};\n`
  );
}

async function handler(argv: Args): Promise<void> {
  if (argv.action === 'show') {
    const s = explicitScenario(getScenario(argv.name ?? DEFAULT_SCENARIO));
    // A summary around the scenario: `--scenario` reads the file as it is.
    process.stdout.write(
      argv.json ? jsonSummary('scenarios', 0, { scenario: s }) : scenarioModule(s),
    );
    return;
  }
  if (argv.json) {
    const scenarios = SCENARIOS.map((s) => ({ name: s.name, summary: s.summary }));
    process.stdout.write(jsonSummary('scenarios', 0, { scenarios }));
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
