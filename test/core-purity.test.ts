import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, test } from 'vitest';
import { ROOT } from './helpers.js';

const CORE = join(ROOT, 'generator');
const FORBIDDEN: Array<[RegExp, string]> = [
  [/from ['"]node:/, 'a node: import'],
  [/\bBuffer\b/, 'Buffer'],
  // Not a module name such as './arrival-process.js'.
  [/(?<![-\w$])process\./, 'process'],
  [/Math\.random\(/, 'Math.random()'],
  [/Date\.now\(/, 'Date.now()'],
  [/\brequire\(/, 'require()'],
  [/from ['"](fs|path|crypto|os|http|https|stream)['"]/, 'a Node built-in'],
];

test('the simulation core uses no Node built-ins, no Math.random and no Date.now', () => {
  const offences: string[] = [];
  for (const file of readdirSync(CORE, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.ts'),
  )) {
    const text = readFileSync(join(CORE, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const [re, what] of FORBIDDEN) if (re.test(text)) offences.push(`${file}: ${what}`);
  }
  expect(offences).toEqual([]);
});

test('the core bundles for a platform-neutral runtime such as k6, and the simulation part stays small', async () => {
  const result = await build({
    stdin: {
      contents:
        "export { simulate, serializeNotification } from './generator/index.ts'; export { TeamSimulation } from './generator/simulation/team-simulation.ts'; export { resolveOptions } from './generator/simulation/options.ts';",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    mainFields: ['module', 'main'],
    write: false,
    minify: true,
    treeShaking: true,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]!.text;
  expect(text).not.toMatch(/from"node:|require\("(fs|crypto|path)"\)/);
  // faker must not come along: the core carries its own MT19937 (k6 VUs would each load faker's
  // module for it), and the roster's names are loaded on demand, in Node only.
  expect(text).not.toMatch(/SimpleFaker|faker\.js|Mersenne/i);
  expect(text.length).toBeLessThan(150_000);
  expect(text).not.toContain('Abernathy');
});
