/**
 * The import rules and the size of functions (docs/architecture.md), checked from the sources.
 *
 * - `generator/` (the pure core) imports nothing outside itself.
 * - `wire/` (the HTTP face of VCC) imports only the core.
 * - `scenarios/` imports the core and `wire/`.
 * - The edges `sender/ receiver/ mocks/ k6/` import the core, `wire/` and `scenarios/` (through its
 *   index.ts), never each other.
 * - `cli/` imports the other folders only through their public entry (`index.ts`) and nothing from
 *   `scripts/`; the core and `wire/` it may import file by file.
 * - Inside the core, a folder per concern (CORE_RULES): `notifications/` (the VCC contract)
 *   imports none of the others; `simulation/` reads `notifications/`, never `analysis/`;
 *   `analysis/` reads `notifications/`, never `simulation/`; all may use the basics at the top
 *   (`errors.ts`, `duration.ts`); only `index.ts`, the public entry, gathers them, and nothing
 *   imports it. No source file under `generator/` is over 400 lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

type Folder = 'generator' | 'wire' | 'scenarios' | 'sender' | 'receiver' | 'mocks' | 'k6' | 'cli';
const FOLDERS: Folder[] = [
  'generator',
  'wire',
  'scenarios',
  'sender',
  'receiver',
  'mocks',
  'k6',
  'cli',
];

/** For each folder: the folders it may import, and whether only through their `index.ts`. */
const RULES: Record<
  Folder,
  Partial<Record<Folder | 'scripts', 'any-file' | 'index-only' | 'fixtures-only'>>
> = {
  generator: {},
  wire: { generator: 'any-file' },
  scenarios: { generator: 'any-file', wire: 'any-file' },
  sender: { generator: 'any-file', wire: 'any-file', scenarios: 'index-only' },
  receiver: { generator: 'any-file', wire: 'any-file', scenarios: 'index-only' },
  mocks: { generator: 'any-file', wire: 'any-file', scenarios: 'index-only' },
  k6: { generator: 'any-file', wire: 'any-file', scenarios: 'index-only' },
  cli: {
    generator: 'any-file',
    wire: 'any-file',
    scenarios: 'index-only',
    sender: 'index-only',
    receiver: 'index-only',
    k6: 'index-only',
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
        } else if (allowed === 'fixtures-only' && !/^mocks\/fixtures\.(js|ts)$/.test(target)) {
          out.push({
            file,
            imports: target,
            rule: `${folder}/ imports ${targetFolder}/ only through ${targetFolder}/fixtures.ts`,
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

/** The parts of the core: its three folders, the basics at its top, and its public entry. */
type CorePart = 'notifications' | 'simulation' | 'analysis' | 'basics' | 'entry';

/** For each part of the core: the parts it may import (besides itself). */
const CORE_RULES: Record<CorePart, readonly CorePart[]> = {
  basics: [],
  notifications: ['basics'],
  simulation: ['notifications', 'basics'],
  analysis: ['notifications', 'basics'],
  entry: ['notifications', 'simulation', 'analysis', 'basics'],
};

/** The part of the core a path under `generator/` belongs to. */
function corePart(path: string): CorePart {
  const [, first, second] = path.split('/');
  if (second !== undefined) {
    if (first === 'notifications' || first === 'simulation' || first === 'analysis') return first;
    throw new Error(`${path}: a folder of the core the rules do not know`);
  }
  return /^index\.(ts|js)$/.test(first ?? '') ? 'entry' : 'basics';
}

function coreViolations(): Violation[] {
  const out: Violation[] = [];
  for (const file of sourceFiles('generator')) {
    const from = corePart(file);
    const source = readFileSync(join(root, file), 'utf8');
    for (const spec of relativeSpecifiers(source)) {
      const target = normalize(join(dirname(file), spec));
      if (!target.startsWith('generator/')) continue;
      const to = corePart(target);
      if (to === from) continue;
      if (!CORE_RULES[from].includes(to))
        out.push({ file, imports: target, rule: `the core's ${from} may not import its ${to}` });
    }
  }
  return out;
}

/** Source files under `generator/` longer than this are split by concept. */
const MAX_CORE_FILE_LINES = 400;

describe("the core's folders", () => {
  test('notifications/, simulation/ and analysis/ import each other only as CORE_RULES allow', () => {
    expect(coreViolations()).toEqual([]);
  });

  test('the rules place every file of the core', () => {
    expect(corePart('generator/index.ts')).toBe('entry');
    expect(corePart('generator/errors.ts')).toBe('basics');
    expect(corePart('generator/simulation/agenda.ts')).toBe('simulation');
    expect(corePart('generator/analysis/center-report.ts')).toBe('analysis');
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
const MAX_FUNCTION_LINES = 150;

function longFunctions(folder: string): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(folder)) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join(root, file), 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = end - start + 1;
        if (lines > MAX_FUNCTION_LINES) {
          const name =
            'name' in node && node.name !== undefined ? node.name.getText(sf) : '(anonymous)';
          found.push(`${relative(root, join(root, file))}:${start + 1} ${name} (${lines} lines)`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

describe('function size', () => {
  test.each(['sender', 'receiver', 'mocks', 'cli'])(
    `no function in %s/ is longer than ${MAX_FUNCTION_LINES} lines`,
    (folder) => {
      expect(longFunctions(folder)).toEqual([]);
    },
  );
});
