/**
 * What the k6-operator needs to run a load on Kubernetes as written: a ConfigMap holding the
 * bundled script and its config (and, for a replay, the events), a Secret holding the signing
 * secret (never in the ConfigMap), and a TestRun (k6.io/v1alpha1) with `parallelism: N`, its
 * runners pinned to the k6 release the script is built and tested with. The operator gives each
 * runner its own execution segment. Facts: the operator's TestRun CRD (grafana/k6-operator).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimError } from '../generator/errors.js';
import type { LoadConfig } from '../k6/index.js';
import { K6_VERSION } from './k6-binary.js';

/** The API server's cap on any object, a ConfigMap included. */
export const CONFIG_MAP_LIMIT = 1024 * 1024;
/** Client-side `kubectl apply` keeps the whole object in an annotation capped at 256 KiB. */
export const CLIENT_APPLY_LIMIT = 256 * 1024;
/** Where the operator mounts the script's ConfigMap in the runner pods. */
export const MOUNT = '/test';
/** The runner image by default: the official image of the pinned k6 release. */
export const RUNNER_IMAGE = `grafana/k6:${K6_VERSION}`;
/** The environment variable and the Secret's key that carry the signing secret. */
export const SECRET_ENV = 'VCC_SIM_SECRET';
const SECRET_KEY = 'secret';
/** The longest name: the operator derives job and service names from it (`<name>-initializer`). */
export const NAME_MAX = 40;

/**
 * A default TestRun name, unique per run: `vcc-sim-<what>-<UTC date-time>`, e.g.
 * `vcc-sim-smoke-20260105-093000` (a replay's `<what>` is `replay`).
 *
 * @example
 * defaultRunName('peak-hour', new Date('2026-01-05T09:30:00Z')) // 'vcc-sim-peak-hour-20260105-093000'
 */
export function defaultRunName(what: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  const head = k8sName(`vcc-sim-${what}`).slice(0, NAME_MAX - stamp.length - 1);
  return `${head.replace(/-+$/, '')}-${stamp}`;
}

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

/**
 * Checks a `--name`: a DNS label of at most {@link NAME_MAX} characters.
 *
 * @example
 * checkRunName('nightly-peak') // 'nightly-peak'
 */
export function checkRunName(name: string): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > NAME_MAX)
    throw new SimError(
      'usage',
      `Invalid --name "${name}": give lowercase letters, digits and dashes, starting and ending with a letter or digit, at most ${NAME_MAX} characters (e.g. nightly-peak).`,
    );
  return name;
}

/** YAML for plain data: strings JSON-quoted (valid YAML), multi-line strings as literal blocks. */
function yaml(value: unknown, indent = ''): string {
  if (Array.isArray(value))
    return value
      .map((v) => {
        const body = yaml(v, `${indent}  `);
        return `${indent}- ${body.slice(indent.length + 2)}`;
      })
      .join('');
  if (value !== null && typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => {
        if (typeof v === 'string' && v.includes('\n')) return `${indent}${k}:${block(v, indent)}`;
        if (v !== null && typeof v === 'object') return `${indent}${k}:\n${yaml(v, `${indent}  `)}`;
        return `${indent}${k}: ${scalar(v)}\n`;
      })
      .join('');
  return `${indent}${scalar(value)}\n`;
}

function scalar(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function block(text: string, indent: string): string {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const inner = `${indent}  `;
  // The indentation indicator keeps a first line that starts with a space readable.
  return ` |${/^\s/.test(body) ? '2' : ''}\n${body
    .split('\n')
    .map((l) => (l === '' ? '' : inner + l))
    .join('\n')}\n`;
}

/** What to write for a run on the k6-operator. */
export interface OperatorOptions {
  /** The TestRun's name (and its ConfigMap's and Secret's). */
  name: string;
  /** What the run is, for the labels: a scenario's name, or `replay`. */
  scenario: string;
  /** The bundled k6 script. */
  script: string;
  scriptFile: string;
  config: LoadConfig;
  parallelism: number;
  /** A replay's NDJSON text. */
  events?: string;
  /** The runners' image; default {@link RUNNER_IMAGE}. */
  runnerImage?: string;
}

/** The manifests written, and how to apply them. */
export interface OperatorManifests {
  name: string;
  /** File name -> YAML text, in the order to apply them. */
  files: Record<string, string>;
  /** The ConfigMap's data, in bytes. */
  configMapBytes: number;
  /** The commands that apply them (the ConfigMap server-side when it is over 256 KiB). */
  apply: string[];
}

/**
 * The manifests for a run, as text: `secret.yaml` (when the run signs), `configmap.yaml`,
 * `testrun.yaml`. Refuses a ConfigMap over 1 MiB, saying what to do.
 *
 * @example
 * const m = operatorManifests({ name: 'vcc-sim-smoke-20260105-093000', scenario: 'smoke', script, scriptFile: 'live.js', config, parallelism: 4 });
 * m.files['testrun.yaml'] // 'apiVersion: "k6.io/v1alpha1"\nkind: "TestRun"\n...'
 */
export function operatorManifests(options: OperatorOptions): OperatorManifests {
  const { name } = options;
  const config: LoadConfig = { ...options.config };
  delete config.summaryFile;
  delete config.runStartMs;
  delete config.k6Summary;
  const secret = config.secret;
  delete config.secret;
  // Relative paths: k6 opens them from the script's folder, wherever the ConfigMap is mounted.
  if (options.events !== undefined) config.events = 'events.ndjson';
  const data: Record<string, string> = {
    [options.scriptFile]: options.script,
    'config.json': `${JSON.stringify(config, null, 2)}\n`,
  };
  if (options.events !== undefined) data['events.ndjson'] = options.events;
  const configMapBytes = Object.values(data).reduce((n, t) => n + Buffer.byteLength(t), 0);
  if (configMapBytes > CONFIG_MAP_LIMIT)
    throw new SimError(
      'usage',
      `The script, config${options.events !== undefined ? ' and events' : ''} come to ${kib(configMapBytes)}, over a ConfigMap's 1 MiB (the API server refuses it): replay a smaller file (vcc-sim generate --duration), split it into runs of under 1 MiB each, or fire the simulation live (no --events) so the runners simulate it.`,
    );
  const labels = {
    'app.kubernetes.io/name': 'vcc-event-sim',
    'vcc-event-sim/scenario': k8sName(options.scenario),
  };
  const metadata = { name, labels };
  const files: Record<string, string> = {};
  if (secret !== undefined)
    files['secret.yaml'] =
      `# The subscription secret the runners sign with (kubectl apply -f secret.yaml).\n` +
      yaml({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata,
        type: 'Opaque',
        stringData: { [SECRET_KEY]: secret },
      });
  const serverSide = configMapBytes > CLIENT_APPLY_LIMIT;
  files['configmap.yaml'] =
    `# The bundled k6 script and its config for the k6-operator (${kib(configMapBytes)}: ${serverSide ? 'over the 256 KiB client-side kubectl apply keeps, so kubectl apply --server-side -f configmap.yaml' : 'kubectl apply -f configmap.yaml'}).\n` +
    yaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data });
  const env: Array<Record<string, unknown>> = [
    { name: 'K6_AUTO_EXTENSION_RESOLUTION', value: 'false' },
    { name: 'K6_NO_USAGE_REPORT', value: 'true' },
  ];
  if (secret !== undefined)
    env.push({ name: SECRET_ENV, valueFrom: { secretKeyRef: { name, key: SECRET_KEY } } });
  files['testrun.yaml'] =
    `# A k6-operator TestRun: ${options.parallelism} k6 runners, each on its own execution segment (kubectl apply -f testrun.yaml).\n` +
    yaml({
      apiVersion: 'k6.io/v1alpha1',
      kind: 'TestRun',
      metadata,
      spec: {
        parallelism: options.parallelism,
        script: { configMap: { name, file: options.scriptFile } },
        arguments: '--env VCC_SIM_CONFIG_FILE=config.json',
        runner: { image: options.runnerImage ?? RUNNER_IMAGE, env },
      },
    });
  const apply = Object.keys(files).map((f) =>
    f === 'configmap.yaml' && serverSide
      ? `kubectl apply --server-side -f ${f}`
      : `kubectl apply -f ${f}`,
  );
  return { name, files, configMapBytes, apply };
}

/**
 * Writes the manifests into `dir`.
 *
 * @example
 * writeOperatorManifests('k8s', { name: 'vcc-sim-smoke-20260105-093000', scenario: 'smoke', script, scriptFile: 'live.js', config, parallelism: 4 })
 */
export function writeOperatorManifests(dir: string, options: OperatorOptions): OperatorManifests {
  const m = operatorManifests(options);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(m.files)) {
    const path = join(dir, file);
    if (file !== 'secret.yaml') writeFileSync(path, text);
    else {
      // The subscription secret: readable by its owner only. The mode applies only to a file
      // writeFileSync creates, so one already there (perhaps 0644) is removed first.
      rmSync(path, { force: true });
      writeFileSync(path, text, { mode: 0o600 });
    }
  }
  return m;
}

function kib(bytes: number): string {
  return `${Math.ceil(bytes / 1024).toLocaleString('en')} KiB`;
}
