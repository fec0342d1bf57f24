/**
 * What the k6-operator needs to run a scenario on Kubernetes: a ConfigMap holding the bundled
 * script and its config (and, for a replay, the events), and a TestRun (k6.io/v1alpha1) with
 * `parallelism: N`; the operator gives each runner its own execution segment.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimError } from '../generator/errors.js';
import type { LoadConfig } from '../k6/index.js';

/** A ConfigMap must stay under 1 MiB. */
const CONFIG_MAP_LIMIT = 1024 * 1024;
/** Where the operator mounts the script's ConfigMap in the runner pods. */
const MOUNT = '/test';

/** Names a Kubernetes object may use: lowercase letters, digits and dashes. */
export function k8sName(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'run'
  );
}

function block(text: string, indent: string): string {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  // The indentation indicator keeps a first line that starts with a space readable.
  return ` |${/^\s/.test(body) ? '2' : ''}\n${body
    .split('\n')
    .map((l) => (l === '' ? '' : indent + l))
    .join('\n')}\n`;
}

/** The files written and the commands to run them. */
export interface OperatorManifests {
  configMap: string;
  testRun: string;
  name: string;
}

/**
 * Writes `configmap.yaml` and `testrun.yaml` into `dir`.
 *
 * @example
 * writeOperatorManifests('k8s', { name: 'smoke', script, scriptFile: 'live.js', config, parallelism: 4 })
 */
export function writeOperatorManifests(
  dir: string,
  options: {
    name: string;
    script: string;
    scriptFile: string;
    config: LoadConfig;
    parallelism: number;
    events?: string;
  },
): OperatorManifests {
  const name = k8sName(`vcc-sim-${options.name}`);
  const config: LoadConfig = { ...options.config };
  delete config.summaryFile;
  delete config.runStartMs;
  if (options.events !== undefined) config.events = `${MOUNT}/events.ndjson`;
  const files: Array<[string, string]> = [
    [options.scriptFile, options.script],
    ['config.json', `${JSON.stringify(config, null, 2)}\n`],
  ];
  if (options.events !== undefined) files.push(['events.ndjson', options.events]);
  const size = files.reduce((n, [, text]) => n + Buffer.byteLength(text), 0);
  if (size > CONFIG_MAP_LIMIT)
    throw new SimError(
      'usage',
      `The script, config and events come to ${size} bytes, over a ConfigMap's 1 MiB: replay a smaller file, or use the simulated-live mode (no --events).`,
    );
  const configMap =
    `# The bundled k6 script and its config for the k6-operator (kubectl apply -f configmap.yaml).\n` +
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels:\n    app.kubernetes.io/name: vcc-event-sim\ndata:\n` +
    files.map(([file, text]) => `  ${file}:${block(text, '    ')}`).join('');
  const testRun =
    `# A k6-operator TestRun: ${options.parallelism} k6 runners, each on its own execution segment (kubectl apply -f testrun.yaml).\n` +
    `apiVersion: k6.io/v1alpha1\nkind: TestRun\nmetadata:\n  name: ${name}\n  labels:\n    app.kubernetes.io/name: vcc-event-sim\nspec:\n` +
    `  parallelism: ${options.parallelism}\n` +
    `  script:\n    configMap:\n      name: ${name}\n      file: ${options.scriptFile}\n` +
    `  arguments: --env VCC_SIM_CONFIG_FILE=${MOUNT}/config.json\n` +
    `  runner:\n    env:\n      - name: K6_AUTO_EXTENSION_RESOLUTION\n        value: "false"\n      - name: K6_NO_USAGE_REPORT\n        value: "true"\n`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'configmap.yaml'), configMap);
  writeFileSync(join(dir, 'testrun.yaml'), testRun);
  return { configMap, testRun, name };
}
