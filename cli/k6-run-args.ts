/**
 * What `vcc-sim load` passes on to `k6 run` from its own flags: the `--out` outputs and the
 * arguments after `--`, checked, refusing the flags that would change what the run fires.
 */
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
