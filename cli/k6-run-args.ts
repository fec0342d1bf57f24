/**
 * What `vcc-sim load` passes on to `k6 run` from its own flags: the `--out` outputs and the
 * arguments after `--`, checked, refusing the flags that would change what the run fires.
 */
import { spawnSync } from 'node:child_process';
import { SimError } from '../generator/errors.js';

const usage = (message: string) => new SimError('usage', message);

/** `k6 run` flags that would change what a run fires, which `vcc-sim load` sets itself. */
const K6_FLAGS_OF_OURS: Record<string, string> = {
  '--vus': '--vus',
  '-u': '--vus',
  '--iterations': 'the scenario',
  '-i': 'the scenario',
  '--duration': '--max-duration',
  '-d': '--max-duration',
  '--stage': 'the scenario',
  '-s': 'the scenario',
  '--execution-segment': '--segments',
  '--execution-segment-sequence': '--segments',
  '--paused': 'nothing (vcc-sim load would wait forever)',
  '-p': 'nothing (vcc-sim load would wait forever)',
};

/** The outputs k6 v2 has built in (`k6 run --out TYPE[=ARGS]`). */
export const K6_OUTPUTS = [
  'cloud',
  'csv',
  'experimental-opentelemetry',
  'experimental-prometheus-rw',
  'influxdb',
  'json',
  'opentelemetry',
  'statsd',
  'web-dashboard',
];

/**
 * The `k6 run` flags to pass on: each `--out` value as `--out VALUE`, then the arguments after `--`
 * as they are. Flags that change what is fired (`--vus`, `--duration`, segments...) are refused:
 * the run's accounting depends on them.
 *
 * @example
 * k6RunArgs(['json=run.json'], ['--tag', 'env=staging']) // ['--out', 'json=run.json', '--tag', 'env=staging']
 */
export function k6RunArgs(
  outs: readonly string[] | undefined,
  rest: readonly string[] | undefined,
): string[] {
  const args: string[] = [];
  for (const o of outs ?? []) {
    if (o.trim() === '')
      throw usage('Invalid --out "": give a k6 output, e.g. --out json=run.json.');
    const type = o.replace(/=.*$/s, '');
    if (!K6_OUTPUTS.includes(type))
      throw usage(
        `--out ${JSON.stringify(o)}: k6 has no output "${type}"; give one of ${K6_OUTPUTS.join(', ')}, e.g. --out json=run.json.`,
      );
    args.push('--out', o);
  }
  for (const a of rest ?? []) {
    const flag = a.replace(/=.*$/, '');
    const ours = K6_FLAGS_OF_OURS[flag];
    if (ours !== undefined)
      throw usage(
        `The k6 flag ${flag} after -- would change what the run fires: vcc-sim load sets it from ${ours}.`,
      );
    if (!a.startsWith('-') && /\.(m?js|ts|tar)$/.test(a))
      throw usage(
        `"${a}" after -- looks like a k6 script: vcc-sim load runs its own; run yours with k6 run (see docs/load-testing.md).`,
      );
    args.push(a);
  }
  return args;
}

/**
 * Checks the flags passed on to `k6 run` with k6's own parser, before anything starts: `k6 run
 * --help FLAGS` parses them (an unknown flag, a missing or malformed value is k6's error, exit 255)
 * and prints its help instead of running. A bad one is a usage error in k6's words; nothing is
 * run, no receiver is started.
 *
 * @example
 * checkK6RunFlags('/usr/bin/k6', ['--tag', 'env=dev']) // ok
 * checkK6RunFlags('/usr/bin/k6', ['--bogus']) // throws: k6 run refuses --bogus …
 */
export function checkK6RunFlags(k6: string, args: readonly string[]): void {
  if (args.length === 0) return;
  const r = spawnSync(k6, ['run', '--help', ...args], {
    encoding: 'utf8',
    env: { ...process.env, K6_NO_USAGE_REPORT: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status === 0) return;
  // k6 logs it as `level=error msg="unknown flag: --bogus"`.
  const stderr = r.stderr ?? '';
  const msg = /msg="((?:[^"\\]|\\.)*)"/.exec(stderr)?.[1]?.replace(/\\"/g, '"');
  const why = msg ?? (stderr.trim().split('\n').pop() || `k6 exited ${r.status ?? r.signal}`);
  throw usage(
    `The flags passed on to k6 (${args.join(' ')}): k6 run refuses them: ${why}. "k6 run --help" lists its flags.`,
  );
}
