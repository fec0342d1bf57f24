/**
 * Checks of flag values as typed, for every command: a flag without its value, a number that is
 * not one, a duration without a unit. Errors name the flag and quote the value as typed, the
 * way `vcc-sim: --agents "abc": give a number` reads; the core's own errors about an option are
 * reworded the same way when the option came from a flag.
 */
import { resolve } from 'node:path';
import { SimError } from '../generator/errors.js';
import { editDistance } from '../generator/notifications/type-filter.js';

/** Flags whose value is a duration: a number needs a unit there (`10` is not 10 seconds). */
const DURATION_FLAGS = new Set(['duration', 'utc-offset', 'interval', 'max-duration']);

/** What yargs knows of a command's options (`yargs.getOptions()`, the parts read here). */
export interface FlagTypes {
  boolean: readonly string[];
  number: readonly string[];
  array: readonly string[];
  count?: readonly string[];
  choices?: Readonly<Record<string, readonly unknown[]>>;
  alias?: Readonly<Record<string, readonly string[]>>;
  /** Every option the command knows. */
  key: Readonly<Record<string, unknown>>;
}

/** `teamSize` -> `team-size`. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * Joins a flag and a value that starts with a minus and a digit into one `--name=value` word:
 * `--utc-offset -5h` is a value, not the flags -5 and -h. Words after `--` are left alone.
 */
export function joinSignedValues(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const next = words[i + 1];
    if (word === '--') return out.concat(words.slice(i));
    if (/^--[a-z][\w-]*$/.test(word) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${word}=${next}`);
      i++;
    } else out.push(word);
  }
  return out;
}

/**
 * Environment variables for the flags people set once in CI, and the commands that take them. A
 * flag on the command line wins over its variable; the variable wins over a scenario's value
 * and the default.
 */
export const ENV_FLAGS: ReadonlyArray<{ env: string; flag: string; commands: readonly string[] }> =
  [
    { env: 'VCC_SIM_TARGET', flag: 'target', commands: ['fire', 'load', 'check', 'trigger'] },
    { env: 'VCC_SIM_SEED', flag: 'seed', commands: ['generate', 'fire', 'load'] },
    { env: 'VCC_SIM_SCENARIO', flag: 'scenario', commands: ['generate', 'fire', 'load'] },
  ];

/**
 * The words with each set variable of {@link ENV_FLAGS} added as its flag (`--target=URL`, right
 * after the command) where the command takes it and the line does not give it; `from` says which
 * flag came from which variable, for error messages.
 */
export function withEnvironment(
  words: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { words: string[]; from: Map<string, string> } {
  const from = new Map<string, string>();
  const at = words.findIndex((w) => !w.startsWith('-'));
  const command = words[at];
  if (at < 0 || command === undefined || words.slice(0, at).includes('--'))
    return { words: [...words], from };
  const added: string[] = [];
  for (const { env: name, flag, commands } of ENV_FLAGS) {
    const value = env[name];
    // Empty is unset (`VCC_SIM_SEED= cmd`): a CI variable defined blank must not become a value.
    if (!value || !commands.includes(command)) continue;
    if (typedValue(words, flag) !== undefined) continue;
    added.push(`--${flag}=${value}`);
    from.set(flag, name);
  }
  return { words: [...words.slice(0, at + 1), ...added, ...words.slice(at + 1)], from };
}

/** The value typed for `--flag` (its last use; an array flag's words joined by a space). */
export function typedValue(words: readonly string[], flag: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '--') break;
    if (word.startsWith(`--${flag}=`)) found = word.slice(flag.length + 3);
    else if (word === `--${flag}`) {
      const values: string[] = [];
      for (let j = i + 1; j < words.length && !(words[j] as string).startsWith('-'); j++)
        values.push(words[j] as string);
      found = values.join(' ');
    }
  }
  return found;
}

/** Flags whose value came from an environment variable ({@link withEnvironment}), this run. */
const fromEnvironment = new Map<string, string>();

/** Records which flags came from which variables, so their errors name the variable. */
export function noteEnvironment(from: ReadonlyMap<string, string>): void {
  fromEnvironment.clear();
  for (const [flag, env] of from) fromEnvironment.set(flag, env);
}

/** Library options a command offers under another flag name too (`load`'s built-in receiver). */
const FLAG_ALIASES: Readonly<Record<string, readonly string[]>> = {
  status: ['receiver-status'],
  failRate: ['receiver-fail-rate'],
};

/** Flags whose value is never repeated in a message or `--verbose` (it would land in logs). */
export const SECRET_FLAGS: ReadonlySet<string> = new Set(['secret', 'bearer', 'header', 'key']);

/**
 * `--flag "typed"`, or `VCC_SIM_X="value" (--flag)` when the value came from the environment; a
 * secret's value is left out.
 */
function quoted(flag: string, typed: string): string {
  const env = fromEnvironment.get(flag);
  const value = SECRET_FLAGS.has(flag) ? '(value hidden)' : JSON.stringify(typed);
  const name = flag.length === 1 ? `-${flag}` : `--${flag}`;
  return env ? `${env}=${value} (${name})` : `${name} ${value}`;
}

/** Why a file could not be opened, in words. */
function fileProblem(code: string): string {
  return code === 'ENOENT'
    ? 'no such file or folder'
    : code === 'EACCES'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'is a folder'
        : code === 'ENOTDIR'
          ? 'a part of the path is not a folder'
          : code;
}

/** A usage error naming the flag and quoting its value as typed. */
export function flagError(flag: string, typed: string, allowed: string): SimError {
  return new SimError('usage', `${quoted(flag, typed)}: ${allowed}.`);
}

function isFlagWord(word: string | undefined): boolean {
  return word !== undefined && /^-(-?[A-Za-z]|-$)/.test(word);
}

/**
 * Checks what was typed against the option types: a value-taking flag given no value, a number
 * flag whose value is not a number, a duration flag given a bare number. Throws the first problem.
 */
export function checkTypedFlags(words: readonly string[], types: FlagTypes): void {
  const booleans = new Set([...types.boolean, ...(types.count ?? [])]);
  const numbers = new Set(types.number);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '--') break;
    const m = /^--([a-z][\w-]*)(?:=(.*))?$/s.exec(word);
    if (!m) continue;
    const flag = m[1] as string;
    // An unknown flag is yargs' to report (strict mode).
    if (!(flag in types.key)) continue;
    if (booleans.has(flag) || booleans.has(flag.replace(/^no-/, ''))) continue;
    const value = m[2] ?? words[i + 1];
    if (m[2] === undefined && (value === undefined || isFlagWord(value))) {
      const what = numbers.has(flag)
        ? ': give a number'
        : types.choices?.[flag]
          ? `: give one of ${types.choices[flag]?.map((c) => JSON.stringify(c)).join(', ')}`
          : '';
      throw new SimError('usage', `--${flag} needs a value${what}.`);
    }
    // An empty value (`--seed ''`, `--out=`) is a mistake, never the default: `--secret` says so
    // in its own words (an unset variable passed as the secret).
    if (value === '' && flag !== 'secret')
      throw flagError(flag, '', 'empty; give a value (or leave the flag out)');
    const choices = types.choices?.[flag];
    if (choices && !choices.includes(value))
      throw flagError(
        flag,
        value as string,
        `use one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`,
      );
    if (numbers.has(flag) && !Number.isFinite(Number(value)))
      throw flagError(flag, value as string, 'not a number');
    if (DURATION_FLAGS.has(flag) && /^\s*\d+(\.\d+)?\s*$/.test(value as string) && Number(value))
      throw flagError(
        flag,
        value as string,
        'give the unit, e.g. "10s", "10m" or "10h" (a bare number has none)',
      );
  }
}

/**
 * The one line for an error about an option that came from a flag: `--flag "typed": allowed`.
 * Undefined when the error is not about an option, or the option was not typed (a scenario
 * file's or a default's value keeps the library's message, which names the option).
 */
export function flagErrorLine(err: unknown, words: readonly string[]): string | undefined {
  const io = err as NodeJS.ErrnoException;
  if (!(err instanceof SimError) && typeof io?.path === 'string' && typeof io.code === 'string') {
    // A file a flag named: the flag whose value is that path.
    for (const m of words.join('\n').matchAll(/(?:^|\n)--?([A-Za-z][\w-]*)(?:=|\n)([^\n]*)/g)) {
      if (m[2] === io.path || (m[2] && resolve(m[2]) === resolve(io.path)))
        return `${quoted(m[1] as string, m[2] as string)}: cannot open it: ${fileProblem(io.code)}.`;
    }
    return undefined;
  }
  if (!(err instanceof SimError) || !err.option || !err.allowed) return undefined;
  for (const flag of [kebab(err.option), ...(FLAG_ALIASES[err.option] ?? [])]) {
    const typed = typedValue(words, flag);
    if (typed !== undefined) return `${quoted(flag, typed)}: ${err.allowed}.`;
  }
  return undefined;
}

/**
 * yargs' "Unknown argument(s): agentz, z" as the flags were typed, with dashes and the nearest
 * flag the command knows: `unknown flag --agentz; did you mean --agents?`. Undefined when the
 * message is another (an unknown word that is not a flag keeps yargs' own).
 *
 * @example
 * unknownFlagsLine('Unknown argument: agentz', ['generate', '--agentz', '5'], ['agents'])
 * // 'unknown flag --agentz; did you mean --agents?'
 */
export function unknownFlagsLine(
  message: string,
  words: readonly string[],
  known: readonly string[],
): string | undefined {
  const m = /^Unknown arguments?: (.+)$/.exec(message);
  if (!m) return undefined;
  const command = words.find((w) => !w.startsWith('-'));
  const flags = known.filter((k) => /^[a-z][a-z0-9-]+$/.test(k));
  const names = (m[1] as string).split(', ');
  // yargs names a dashed flag twice, as typed and in camelCase (`report-json, reportJson`).
  const typed = names
    .filter(
      (n) =>
        !(/[A-Z]/.test(n) && names.includes(n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))),
    )
    .map((name) => {
      const dashed = words.find((w) => w === `--${name}` || w.startsWith(`--${name}=`))
        ? `--${name}`
        : words.find((w) => /^-[A-Za-z]+$/.test(w) && w.includes(name))
          ? `-${name}`
          : undefined;
      const near = flags
        .map((f) => ({ f, d: editDistance(name.toLowerCase(), f) }))
        .sort((a, b) => a.d - b.d)[0];
      const hint =
        dashed?.startsWith('--') && near && near.d <= Math.max(2, Math.floor(name.length / 3))
          ? `--${near.f}`
          : undefined;
      return { dashed, hint };
    });
  if (typed.some((t) => t.dashed === undefined)) return undefined;
  const help = `Run "vcc-sim ${command ? `${command} ` : ''}--help" for the flags.`;
  const [one] = typed;
  if (typed.length === 1 && one)
    return one.hint
      ? `unknown flag ${one.dashed}; did you mean ${one.hint}?`
      : `unknown flag ${one.dashed}. ${help}`;
  const list = typed.map((t) => (t.hint ? `${t.dashed} (did you mean ${t.hint}?)` : t.dashed));
  return `unknown flags ${list.join(', ')}. ${help}`;
}
