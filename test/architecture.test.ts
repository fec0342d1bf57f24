/**
 * The import rules, the size of functions and the absence of import cycles (docs/architecture.md),
 * checked from the sources.
 *
 * - `generator/` (the pure core) imports nothing outside itself.
 * - `wire/` (the HTTP face of VCC) imports only the core.
 * - `scenarios/` imports the core and `wire/`.
 * - The edges `sender/ receiver/ mocks/ k6/` import the core, `wire/` and `scenarios/` (through its
 *   index.ts), never each other.
 * - `check/` (the conformance suite) imports the core through its index.ts, `wire/` file by file,
 *   `scenarios/` and `sender/` through their index.ts, and of `mocks/` only `node-handler.ts`.
 * - `cli/` imports the other folders only through their public entry (`index.ts`) and nothing from
 *   `scripts/`; the core and `wire/` it may import file by file.
 * - No function in the shipped folders is longer than 100 lines, and no source file imports
 *   itself back through others (an import cycle).
 * - Inside the core, a folder per concern (CORE_RULES): `notifications/` (the VCC contract)
 *   imports none of the others; `simulation/` reads `notifications/`, never `analysis/`;
 *   `analysis/` reads `notifications/`, never `simulation/`; `fitting/` reads `analysis/` and
 *   `notifications/`, and of `simulation/` only types (`import type`), and nothing in the core
 *   imports it (the simulation never runs a fit); all may use the basics at the top
 *   (`errors.ts`, `duration.ts`); only `index.ts`, the public entry, gathers them, and nothing
 *   imports it. No source file under `generator/` is over 400 lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type TS from 'typescript-api';
import { describe, expect, test } from 'vitest';
import { ts } from './support/typescript.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

type Folder =
  | 'generator'
  | 'wire'
  | 'scenarios'
  | 'sender'
  | 'receiver'
  | 'mocks'
  | 'k6'
  | 'check'
  | 'cli';
const FOLDERS: Folder[] = [
  'generator',
  'wire',
  'scenarios',
  'sender',
  'receiver',
  'mocks',
  'k6',
  'check',
  'cli',
];

/** Rules that allow one file of a folder: the file (without extension). */
const ONE_FILE = { 'fixtures-only': 'mocks/fixtures', 'node-handler-only': 'mocks/node-handler' };

/** For each folder: the folders it may import, and whether only through their `index.ts`. */
const RULES: Record<
  Folder,
  Partial<
    Record<Folder | 'scripts', 'any-file' | 'index-only' | 'fixtures-only' | 'node-handler-only'>
  >
> = {
  generator: {},
  wire: { generator: 'any-file' },
  scenarios: { generator: 'any-file', wire: 'any-file' },
  sender: { generator: 'any-file', wire: 'any-file', scenarios: 'index-only' },
  receiver: { generator: 'any-file', wire: 'any-file', scenarios: 'index-only' },
  mocks: { generator: 'any-file', wire: 'any-file', scenarios: 'index-only' },
  k6: { generator: 'any-file', wire: 'any-file', scenarios: 'index-only' },
  // An edge over the sender (capacity drives deliver()); in-process checks run a handler the way
  // mocks/node-handler.ts does (that file needs no msw).
  check: {
    generator: 'index-only',
    wire: 'any-file',
    scenarios: 'index-only',
    sender: 'index-only',
    mocks: 'node-handler-only',
  },
  cli: {
    generator: 'any-file',
    wire: 'any-file',
    scenarios: 'index-only',
    sender: 'index-only',
    receiver: 'index-only',
    k6: 'index-only',
    check: 'index-only',
    // `trigger` builds its events with the fixtures; the rest of mocks/ needs msw.
    mocks: 'fixtures-only',
  },
};

function sourceFiles(folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries
    .filter((f) => /\.(ts|mts|mjs|js)$/.test(f) && !/\.test(-d)?\.ts$/.test(f))
    .map((f) => join(folder, f));
}

/** Every relative module specifier a file names: static and dynamic imports, re-exports. */
function relativeSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/\b(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    if (m[1] !== undefined) found.push(m[1]);
  }
  return found;
}

interface Violation {
  file: string;
  imports: string;
  rule: string;
}

function violations(): Violation[] {
  const out: Violation[] = [];
  for (const folder of FOLDERS) {
    for (const file of sourceFiles(folder)) {
      const source = readFileSync(join(root, file), 'utf8');
      for (const spec of relativeSpecifiers(source)) {
        const target = normalize(join(dirname(file), spec));
        const targetFolder = target.split('/')[0] as Folder | 'scripts';
        if (targetFolder === folder) continue;
        const allowed = RULES[folder][targetFolder];
        const isIndex = /^[a-z0-9]+\/index\.(js|ts)$/.test(target);
        if (allowed === undefined) {
          out.push({ file, imports: target, rule: `${folder}/ may not import ${targetFolder}/` });
        } else if (
          (allowed === 'fixtures-only' || allowed === 'node-handler-only') &&
          target.replace(/\.(js|ts)$/, '') !== ONE_FILE[allowed]
        ) {
          out.push({
            file,
            imports: target,
            rule: `${folder}/ imports ${targetFolder}/ only through ${ONE_FILE[allowed]}.ts`,
          });
        } else if (allowed === 'index-only' && !isIndex) {
          out.push({
            file,
            imports: target,
            rule: `${folder}/ imports ${targetFolder}/ only through ${targetFolder}/index.ts`,
          });
        }
      }
      if (folder === 'generator' && /from\s+['"]node:/.test(source)) {
        out.push({ file, imports: 'node:*', rule: 'the core uses no Node built-ins' });
      }
    }
  }
  return out;
}

describe('import rules', () => {
  test('no folder imports another except as the rules allow', () => {
    expect(violations()).toEqual([]);
  });

  test('the rule check sees multi-line, dynamic and re-export imports', () => {
    const source = [
      "import {\n  a,\n  b,\n} from '../sender/deliver.js';",
      "const m = await import('../receiver/receiver.js');",
      "export { x } from './local.js';",
      "import type { T } from '../wire/index.js';",
    ].join('\n');
    expect(relativeSpecifiers(source)).toEqual([
      '../sender/deliver.js',
      '../receiver/receiver.js',
      './local.js',
      '../wire/index.js',
    ]);
  });
});

/** The parts of the core: its four folders, the basics at its top, and its public entry. */
type CorePart = 'notifications' | 'simulation' | 'analysis' | 'fitting' | 'basics' | 'entry';

/** For each part of the core: the parts it may import (besides itself). */
const CORE_RULES: Record<CorePart, readonly CorePart[]> = {
  basics: [],
  notifications: ['basics'],
  simulation: ['notifications', 'basics'],
  analysis: ['notifications', 'basics'],
  fitting: ['analysis', 'notifications', 'basics'],
  entry: ['notifications', 'simulation', 'analysis', 'basics'],
};

/**
 * Parts a part may import types from only (`import type`): fitting reads the simulation's option
 * types to write its options, and never runs the simulation.
 */
const CORE_TYPE_RULES: Partial<Record<CorePart, readonly CorePart[]>> = {
  fitting: ['simulation'],
};

/** The specifiers a source imports with `import type` only. */
function typeOnlySpecifiers(source: string): Set<string> {
  const found = new Set<string>();
  for (const m of source.matchAll(/\bimport\s+type\s+[^;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g))
    if (m[1] !== undefined) found.add(m[1]);
  return found;
}

/** The part of the core a path under `generator/` belongs to. */
function corePart(path: string): CorePart {
  const [, first, second] = path.split('/');
  if (second !== undefined) {
    if (
      first === 'notifications' ||
      first === 'simulation' ||
      first === 'analysis' ||
      first === 'fitting'
    )
      return first;
    throw new Error(`${path}: a folder of the core the rules do not know`);
  }
  return /^index\.(ts|js)$/.test(first ?? '') ? 'entry' : 'basics';
}

function coreViolations(): Violation[] {
  const out: Violation[] = [];
  for (const file of sourceFiles('generator')) {
    const from = corePart(file);
    const source = readFileSync(join(root, file), 'utf8');
    const typeOnly = typeOnlySpecifiers(source);
    for (const spec of relativeSpecifiers(source)) {
      const target = normalize(join(dirname(file), spec));
      if (!target.startsWith('generator/')) continue;
      const to = corePart(target);
      if (to === from) continue;
      if (CORE_TYPE_RULES[from]?.includes(to) && typeOnly.has(spec)) continue;
      if (!CORE_RULES[from].includes(to))
        out.push({ file, imports: target, rule: `the core's ${from} may not import its ${to}` });
    }
  }
  return out;
}

/** Source files under `generator/` longer than this are split by concept. */
const MAX_CORE_FILE_LINES = 400;

describe("the core's folders", () => {
  test('notifications/, simulation/, analysis/ and fitting/ import each other only as CORE_RULES allow', () => {
    expect(coreViolations()).toEqual([]);
  });

  test('fitting/ reads the simulation only for its types', () => {
    const source =
      "import type { A } from '../simulation/a.js';\nimport { b } from '../simulation/b.js';";
    expect([...typeOnlySpecifiers(source)]).toEqual(['../simulation/a.js']);
  });

  test('the rules place every file of the core', () => {
    expect(corePart('generator/index.ts')).toBe('entry');
    expect(corePart('generator/errors.ts')).toBe('basics');
    expect(corePart('generator/simulation/agenda.ts')).toBe('simulation');
    expect(corePart('generator/analysis/center-report.ts')).toBe('analysis');
    expect(corePart('generator/fitting/center-fit.ts')).toBe('fitting');
    expect(() => corePart('generator/elsewhere/x.ts')).toThrow(/do not know/);
  });

  test(`no source file under generator/ is longer than ${MAX_CORE_FILE_LINES} lines`, () => {
    const long = sourceFiles('generator')
      .map((file) => ({ file, lines: readFileSync(join(root, file), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > MAX_CORE_FILE_LINES);
    expect(long).toEqual([]);
  });
});

/** Functions longer than this many lines are split into named steps. */
const MAX_FUNCTION_LINES = 100;

interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
}

function longFunctions(folder: string): LongFunction[] {
  const found: LongFunction[] = [];
  for (const file of sourceFiles(folder)) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join(root, file), 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: TS.Node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = end - start + 1;
        if (lines > MAX_FUNCTION_LINES) {
          const name =
            'name' in node && node.name !== undefined ? node.name.getText(sf) : '(anonymous)';
          found.push({ file: relative(root, join(root, file)), line: start + 1, name, lines });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

describe('function size', () => {
  test.each(FOLDERS)(`no function in %s/ is longer than ${MAX_FUNCTION_LINES} lines`, (folder) => {
    const long = longFunctions(folder);
    expect(long.map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`)).toEqual([]);
  });
});

/**
 * The relative imports between source files: each file to the files it imports (static, dynamic,
 * type-only and re-exports alike: a cycle of types is still a cycle of concepts).
 */
function importGraph(folders: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = new Set(folders.flatMap(sourceFiles));
  for (const file of files) {
    const source = readFileSync(join(root, file), 'utf8');
    const targets = relativeSpecifiers(source)
      .map((spec) => normalize(join(dirname(file), spec)))
      .map((target) => (files.has(target) ? target : target.replace(/\.js$/, '.ts')))
      .filter((target) => files.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * The import cycles of a graph: its strongly connected components with more than one file, or one
 * file that imports itself (Tarjan's algorithm), each sorted, in the order found.
 *
 * @example
 * importCycles(new Map([['a', ['b']], ['b', ['a']]])) // [['a', 'b']]
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return cycles;
}

describe('import cycles', () => {
  test('no source file imports itself back, within a folder or across folders', () => {
    const graph = importGraph(FOLDERS);
    expect(graph.size).toBeGreaterThan(100);
    expect(importCycles(graph)).toEqual([]);
  });

  test('the cycle finder finds the cycles of a small made-up graph, and only those', () => {
    const graph = new Map([
      // chaos -> ledger -> chaos, and transport -> retry -> answer -> transport: two cycles.
      ['chaos', ['ledger', 'random']],
      ['ledger', ['chaos', 'latency']],
      ['transport', ['retry']],
      ['retry', ['answer']],
      ['answer', ['transport']],
      ['deliver', ['chaos', 'transport']],
      ['random', []],
      ['latency', ['random']],
      ['self', ['self']],
    ]);
    expect(importCycles(graph)).toEqual([
      ['chaos', 'ledger'],
      ['answer', 'retry', 'transport'],
      ['self'],
    ]);
    graph.set('ledger', ['latency']);
    graph.set('answer', []);
    graph.set('self', []);
    expect(importCycles(graph)).toEqual([]);
  });

  test('the import graph resolves .js specifiers to the .ts files they name', () => {
    const graph = importGraph(['sender']);
    expect(graph.get('sender/transport.ts')).toContain('sender/answer.ts');
    expect(graph.get('sender/answer.ts')).toEqual([]);
  });
});
