/**
 * Every flag of every command, given a bad value: exit 2, one line on stderr naming the flag and
 * quoting the value as typed, nothing on stdout. The flags come from the commands themselves, so
 * a new flag without a bad value here fails the test until it gets one (or a reason it has none).
 * Each bad value runs the CLI in this process (`runHere`): some 200 processes cost a minute of
 * CPU, a ninth of the process tests'. The first bad flag of each command also runs as the real
 * command, a process of its own, and must end the same way.
 */

import { describe, expect, test } from 'vitest';
import yargs, { type Argv } from 'yargs';
import { commands } from '../cli/main.js';
import { runHere, sameAsProcess } from './support/run-here.js';

/** Flags whose value an error names but does not repeat. */
const SECRETS = new Set(['secret']);

/** Flags whose every value is valid, and why. */
const ANY_VALUE: Record<string, string> = {
  seed: 'any text is a seed',
  bearer: 'any token is sent as is',
  origin: 'any origin is sent as is',
};

/** A bad value for each value-taking flag, per command (`*` for every command with the flag). */
const BAD: Record<string, Record<string, string>> = {
  '*': {
    agents: 'abc',
    start: 'yesterday',
    duration: '10',
    end: 'tomorrow',
    types: 'channel.nope.v0',
    'team-size': '0',
    hours: '9-5',
    'utc-offset': '5',
    'time-zone': 'Mars/Olympus_Mons',
    'calls-per-hour': '-3',
    'service-level': '120/20',
    staffing: 'some',
    'after-hours': 'ivr',
    teams: '2-0',
    scenario: 'nope',
    format: 'xml',
    out: '/nonexistent-dir/x.ndjson',
    roster: '/nonexistent-dir/roster.json',
    target: 'ftp://example.test/x',
    secret: 'not base64!',
    'signature-format': 'rs256',
    mode: 'soap',
    header: 'no-colon',
    timeout: '0',
    json: '',
  },
  validate: { 'max-violations': 'many' },
  fire: {
    events: '/nonexistent-dir/day.ndjson',
    speed: '0',
    rate: '-1',
    concurrency: '0',
    'max-attempts': '0',
    'max-body': '-5',
    ledger: '/nonexistent-dir/ledger.ndjson',
    'secret-file': '/nonexistent-dir/secret',
    'progress-interval': '0',
    scale: '0',
    redeliver: '/nonexistent-dir/ledger.ndjson',
  },
  receive: {
    host: 'no.such.host.invalid',
    port: '99999',
    path: 'a b',
    'max-body': '0',
    'fail-rate': '2',
    'drop-rate': '-1',
    latency: '-5',
    status: '42',
    leeway: '-1',
    'id-window': '0',
    'secret-file': '/nonexistent-dir/secret',
    record: '/nonexistent-dir/capture.ndjson',
  },
  load: {
    events: '/nonexistent-dir/day.ndjson',
    speed: '0',
    rate: '-1',
    vus: '0',
    'max-duration': '10',
    threshold: 'nope',
    report: '/nonexistent-dir/r.html',
    out: 'nope=x',
    segments: '0',
    'k6-operator': '/etc/passwd',
    parallelism: '0',
    name: 'Bad_Name!',
    'runner-image': 'bad image',
    'receiver-status': '99',
    'receiver-fail-rate': '2',
    'secret-file': '/nonexistent-dir/secret',
    scale: '1.5',
  },
  report: {
    interval: '15',
    'sl-threshold': 'soon',
    'sl-target': '0',
    'time-zone': 'Mars/Olympus_Mons',
    html: '/nonexistent-dir/r.html',
  },
  fit: { name: ' ', 'sl-threshold': 'soon' },
  trigger: { 'agent-id': 'x1' },
  anonymise: { key: '', 'shift-to': 'next monday' },
  check: {
    only: 'nope',
    skip: 'dedupe',
    p99: '0',
    'capacity-time': '0',
    junit: '/nonexistent-dir/check.xml',
    html: '/nonexistent-dir/check.html',
    'secret-file': '/nonexistent-dir/secret',
  },
};

/** Flags checked with other words before them than their command's (`PREFIX`). */
const FLAG_PREFIX: Record<string, string[]> = {
  // The built-in receiver's faults: refused with --target, and checked before k6 starts.
  'load --receiver-status': ['load'],
  'load --receiver-fail-rate': ['load'],
  'load --target': ['load', '--k6-operator', '/tmp/vcc-sim-flag-values-k8s', '--parallelism', '1'],
  'load --k6-operator': ['load', '--parallelism', '1', '--target', 'http://127.0.0.1:9/webhook'],
  'check --target': ['check'],
};

/** The words before the flag: what the command needs to get as far as checking it. */
const PREFIX: Record<string, string[]> = {
  validate: ['validate', '-'],
  report: ['report', '-'],
  fit: ['fit', '-'],
  anonymise: ['anonymise', '-'],
  scenarios: ['scenarios'],
  trigger: ['trigger', 'hang-up'],
  // Writing manifests runs nothing: every flag is checked without starting k6.
  load: [
    'load',
    '--k6-operator',
    '/tmp/vcc-sim-flag-values-k8s',
    '--parallelism',
    '1',
    '--target',
    'http://127.0.0.1:9/webhook',
  ],
  receive: ['receive', '--port', '0'],
  // Every flag is checked before a probe is sent (nothing listens on port 9).
  check: ['check', '--target', 'http://127.0.0.1:9/webhook'],
};

async function optionsOf(name: string) {
  const entry = commands.find((c) => c.command.split(' ')[0] === name);
  if (!entry) throw new Error(`no command ${name}`);
  const module = await entry.load();
  const y = yargs([]) as Argv;
  if (typeof module.builder === 'function') await module.builder(y as never);
  const o = (y as unknown as { getOptions(): Record<string, unknown> }).getOptions() as {
    key: Record<string, unknown>;
    boolean: string[];
    alias: Record<string, string[]>;
  };
  const aliases = new Set(Object.values(o.alias).flat());
  // Positionals (`<file>`, `[name]`) are arguments, not flags.
  const positionals = new Set([...entry.command.matchAll(/[<[](\w+)[>\]]/g)].map((m) => m[1]));
  return Object.keys(o.key).filter(
    (k) =>
      /^[a-z][a-z0-9-]*$/.test(k) &&
      k.length > 1 &&
      !aliases.has(k) &&
      !positionals.has(k) &&
      !['help', 'version'].includes(k) &&
      !o.boolean.includes(k),
  );
}

const CHECKED = [
  'generate',
  'validate',
  'report',
  'fit',
  'scenarios',
  'trigger',
  'fire',
  'receive',
  'load',
  'check',
  'anonymise',
];

describe.each(CHECKED)('vcc-sim %s', (command) => {
  test('every value-taking flag has a bad value here, or a reason it has none', async () => {
    const missing = (await optionsOf(command)).filter(
      (f) =>
        ANY_VALUE[f] === undefined &&
        BAD[command]?.[f] === undefined &&
        BAD['*']?.[f] === undefined,
    );
    expect(missing).toEqual([]);
  });

  test('each bad value: exit 2, one line naming the flag and the value, nothing on stdout', async () => {
    const flags = (await optionsOf(command)).filter((f) => ANY_VALUE[f] === undefined);
    const results = await Promise.all(
      flags.map(async (flag, i) => {
        const value = (BAD[command]?.[flag] ?? BAD['*']?.[flag]) as string;
        const prefix = FLAG_PREFIX[`${command} --${flag}`] ?? PREFIX[command] ?? [command];
        const args = [...prefix, `--${flag}`, value];
        // The first also as the real command, a process: the same exit code and the same words.
        const r = i === 0 ? await sameAsProcess(args) : await runHere(args);
        return { flag, value, ...r };
      }),
    );
    const wrong = results
      .filter(
        (r) =>
          r.code !== 2 ||
          r.stdout !== '' ||
          r.stderr.trim().split('\n').length !== 1 ||
          !r.stderr.includes(`--${r.flag}`) ||
          // A secret is never repeated (it would land in logs); every other value is, as typed.
          (SECRETS.has(r.flag)
            ? r.stderr.includes(r.value) || !r.stderr.includes('(value hidden)')
            : !r.stderr.includes(r.value)),
      )
      .map(
        (r) =>
          `--${r.flag} ${JSON.stringify(r.value)} -> exit ${r.code}: ${r.stderr.trim()}${r.stdout ? ` [stdout: ${r.stdout.slice(0, 60)}]` : ''}`,
      );
    expect(wrong).toEqual([]);
  });
});
