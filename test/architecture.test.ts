/**
 * The import rules and the size of functions (docs/architecture.md), checked from the sources.
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
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

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
  test.each(['sender', 'receiver', 'mocks', 'check', 'cli'])(
    `no function in %s/ is longer than ${MAX_FUNCTION_LINES} lines`,
    (folder) => {
      expect(longFunctions(folder)).toEqual([]);
    },
  );
});
