// The k6-operator as the tests stand it in for: a reader for the YAML our manifests use, the
// TestRun CRD's schema facts our manifests must meet, and the command line the operator starts
// each runner with. Written from grafana/k6-operator (config/crd/bases/k6.io_testruns.yaml and
// pkg/resources/jobs/runner.go at e2c9571, summarised in ../shared/k6-operator/README.md): the CRD
// is not shipped, and CI runs on a clean clone without ../shared, so its facts are carried here.

type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

/**
 * Parses the block YAML the manifests are written in: mappings, sequences ("- "), double-quoted
 * (JSON) and plain scalars, literal blocks (`|`, `|2`), comment lines. Throws on anything else, so
 * a manifest outside that subset fails the test instead of being misread.
 */
export function parseYaml(text: string): Yaml {
  const lines = text.split('\n');
  let i = 0;
  const indentOf = (l: string) => l.length - l.trimStart().length;
  const skip = () => {
    while (i < lines.length && /^\s*(#.*)?$/.test(lines[i] as string)) i++;
  };
  const scalar = (s: string): Yaml => {
    if (s.startsWith('"')) return JSON.parse(s) as string;
    if (s === 'true' || s === 'false') return s === 'true';
    if (s === 'null' || s === '~') return null;
    if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
    if (/^[\w./:-][\w./: -]*$/.test(s) && !s.includes(': ')) return s;
    throw new Error(`line ${i}: unsupported scalar ${s}`);
  };
  const literal = (indent: number, indicator: string): string => {
    const body: string[] = [];
    let at = indicator ? indent + Number(indicator) : -1;
    while (i < lines.length) {
      const l = lines[i] as string;
      if (l.trim() === '') {
        body.push('');
        i++;
        continue;
      }
      if (at < 0) at = indentOf(l);
      if (indentOf(l) < at || at <= indent) break;
      body.push(l.slice(at));
      i++;
    }
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    return `${body.join('\n')}\n`;
  };
  const node = (indent: number): Yaml => {
    skip();
    const first = lines[i] as string;
    if (first.slice(indent).startsWith('- ')) {
      const out: Yaml[] = [];
      while (
        i < lines.length &&
        indentOf(lines[i] as string) === indent &&
        (lines[i] as string).slice(indent).startsWith('- ')
      ) {
        // The item's first line, re-indented as a mapping at indent + 2.
        lines[i] = `${' '.repeat(indent + 2)}${(lines[i] as string).slice(indent + 2)}`;
        out.push(node(indent + 2));
        skip();
      }
      return out;
    }
    const out: Record<string, Yaml> = {};
    while (i < lines.length) {
      skip();
      const l = lines[i];
      if (l === undefined || indentOf(l) !== indent) break;
      const m = /^([\w./-]+):(?: (.*))?$/.exec(l.slice(indent));
      if (!m) throw new Error(`line ${i + 1}: not a mapping entry: ${l}`);
      const [, key, rest] = m as unknown as [string, string, string | undefined];
      i++;
      const block = rest !== undefined ? /^\|(\d?)$/.exec(rest) : null;
      if (block) out[key] = literal(indent, block[1] as string);
      else if (rest !== undefined && rest !== '') out[key] = scalar(rest);
      else {
        skip();
        const next = lines[i];
        out[key] =
          next !== undefined && indentOf(next) > indent
            ? node(indentOf(next))
            : next?.slice(indent).startsWith('- ')
              ? node(indent)
              : null;
      }
    }
    return out;
  };
  return node(0);
}

/** A JSON-schema-like shape of the parts of the TestRun CRD (v1alpha1) the manifests use. */
type Shape =
  | { type: 'string'; enum?: string[] }
  | { type: 'integer' | 'boolean' }
  | { type: 'object'; properties?: Record<string, Shape>; required?: string[]; open?: true }
  | { type: 'array'; items: Shape };

const STRING: Shape = { type: 'string' };
const ENV_VAR: Shape = {
  type: 'object',
  required: ['name'],
  properties: {
    name: STRING,
    value: STRING,
    valueFrom: {
      type: 'object',
      properties: {
        secretKeyRef: {
          type: 'object',
          required: ['key'],
          properties: { key: STRING, name: STRING, optional: { type: 'boolean' } },
        },
        configMapKeyRef: { type: 'object', open: true },
        fieldRef: { type: 'object', open: true },
        resourceFieldRef: { type: 'object', open: true },
      },
    },
  },
};

/**
 * The TestRun CRD's schema for what our manifests hold (a structural schema: the API server drops
 * unknown fields, so an unknown field here is an error). `spec` requires `parallelism` and
 * `script`; `script.configMap` requires `name`; `runner.env` items are core EnvVars.
 */
export const TEST_RUN_SCHEMA: Shape = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { type: 'string', enum: ['k6.io/v1alpha1'] },
    kind: { type: 'string', enum: ['TestRun'] },
    metadata: { type: 'object', open: true },
    spec: {
      type: 'object',
      required: ['parallelism', 'script'],
      properties: {
        parallelism: { type: 'integer' },
        arguments: STRING,
        cleanup: { type: 'string', enum: ['post'] },
        separate: { type: 'boolean' },
        quiet: STRING,
        paused: STRING,
        script: {
          type: 'object',
          properties: {
            configMap: {
              type: 'object',
              required: ['name'],
              properties: { name: STRING, file: STRING },
            },
            localFile: STRING,
            volumeClaim: { type: 'object', open: true },
          },
        },
        runner: {
          type: 'object',
          properties: {
            image: STRING,
            imagePullPolicy: STRING,
            env: { type: 'array', items: ENV_VAR },
            envFrom: { type: 'array', items: { type: 'object', open: true } },
            resources: { type: 'object', open: true },
            metadata: { type: 'object', open: true },
          },
        },
      },
    },
  },
};

/** The problems of `value` against `shape`, as `path: what`; none is valid. */
export function validate(value: unknown, shape: Shape, path = ''): string[] {
  const at = path || '(root)';
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') return [`${at}: not a string`];
      return shape.enum && !shape.enum.includes(value) ? [`${at}: not one of ${shape.enum}`] : [];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: not an integer`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((v, k) => validate(v, shape.items, `${path}[${k}]`))
        : [`${at}: not an array`];
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return [`${at}: not an object`];
      const o = value as Record<string, unknown>;
      const problems = (shape.required ?? [])
        .filter((k) => !(k in o))
        .map((k) => `${at}: ${k} is required`);
      if (shape.open) return problems;
      for (const [k, v] of Object.entries(o)) {
        const sub = shape.properties?.[k];
        if (!sub) problems.push(`${path}.${k}: not in the CRD's schema`);
        else problems.push(...validate(v, sub, `${path}.${k}`));
      }
      return problems;
    }
  }
}
/**
 * The command line the k6-operator starts runner `i` (from 1) of `n` with, for a TestRun's
 * `arguments` and script path (pkg/resources/jobs/runner.go): quiet, its execution segment, the
 * arguments split on spaces, the script, the REST address, paused, and its two tags.
 *
 * @example
 * runnerCommand({ i: 1, n: 2, name: 'run', arguments: '--env A=b', script: '/test/live.js' })
 * // ['k6', 'run', '--quiet', '--execution-segment=0:1/2', '--execution-segment-sequence=0,1/2,1', '--env', 'A=b', '/test/live.js', '--address=0.0.0.0:6565', '--paused', '--tag', 'instance_id=1', '--tag', 'testrun_name=run']
 */
export function runnerCommand(runner: {
  i: number;
  n: number;
  name: string;
  arguments: string;
  script: string;
}): string[] {
  const { i, n } = runner;
  const point = (k: number) => (k === 0 ? '0' : k === n ? '1' : `${k}/${n}`);
  const segment =
    n > 1
      ? [
          `--execution-segment=${point(i - 1)}:${point(i)}`,
          `--execution-segment-sequence=${Array.from({ length: n + 1 }, (_, k) => point(k)).join(',')}`,
        ]
      : [];
  return [
    'k6',
    'run',
    '--quiet',
    ...segment,
    ...runner.arguments.split(/\s+/).filter(Boolean),
    runner.script,
    '--address=0.0.0.0:6565',
    '--paused',
    '--tag',
    `instance_id=${i}`,
    '--tag',
    `testrun_name=${runner.name}`,
  ];
}
