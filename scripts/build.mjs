// Builds the package: ESM bundles for Node (dependencies stay external) and the JSON Schemas.
// Usage: node scripts/build.mjs
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { K6_BUNDLE } from './k6-bundle.mjs';

/**
 * CommonJS code bundled into these ES modules (ksuid) `require`s Node built-ins, which esbuild's
 * ESM output cannot do (no `require` in scope): each such require gets a module that imports the
 * built-in and re-exports it (`export * from 'node:crypto'`), so nothing needs `require`.
 */
function builtinsAsImports() {
  const names = builtinModules
    .filter((m) => !m.startsWith('_'))
    .map((m) => m.replace(/\//g, '\\/'));
  return {
    name: 'builtins-as-imports',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^(node:)?(${names.join('|')})$`) }, (args) =>
        args.kind === 'require-call'
          ? { path: args.path.replace(/^node:/, ''), namespace: 'builtin-import' }
          : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'builtin-import' }, (args) => ({
        contents: `export * from 'node:${args.path}';`,
        loader: 'js',
      }));
    },
  };
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dist = join(root, 'dist');
// Everything but dist/types (written by `npm run build:types`, which `npm pack`'s prepack runs after
// this build): a later build must not delete the types the package ships.
for (const entry of existsSync(dist) ? readdirSync(dist) : []) {
  if (entry !== 'types') rmSync(join(dist, entry), { recursive: true, force: true });
}

const entries = {
  'generator/index': 'generator/index.ts',
  'scenarios/index': 'scenarios/index.ts',
  'sender/index': 'sender/index.ts',
  'receiver/index': 'receiver/index.ts',
  'mocks/index': 'mocks/index.ts',
  'check/index': 'check/index.ts',
  'cli/main': 'cli/main.ts',
  // Finds or builds k6: the CLI's, run by scripts/ensure-k6.mjs (npm test, npm start, CI, bench).
  'cli/k6-binary': 'cli/k6-binary.ts',
  // The live feed's thread (cli/live-feed.ts starts it from beside cli/main.js).
  'cli/live-feed-worker': 'cli/live-feed-worker.ts',
};
const existing = Object.fromEntries(
  Object.entries(entries)
    .filter(([, src]) => existsSync(join(root, src)))
    .map(([out, src]) => [out, join(root, src)]),
);

const node = await build({
  entryPoints: existing,
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The dependencies (what the library entries need at run time) and msw stay external. The rest
  // is bundled: faker (tree-shaken to the `en` locale the roster's names use, loaded on demand, so
  // importing the core does not load every locale: 17 MB of heap), and what only the CLI uses
  // (yargs and its tree, ksuid), which are devDependencies, so a library user does not install
  // them. Their licenses go to dist/THIRD-PARTY-LICENSES.txt.
  external: Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }),
  metafile: true,
  plugins: [builtinsAsImports()],
  // Maps to the TypeScript files' lines for stack traces, without the sources themselves.
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
});

// The k6 scripts: one self-contained ESM file each (the generator core bundled in), for k6's
// JavaScript runtime (Sobek); k6's own modules stay imports.
await build({
  entryPoints: {
    live: join(root, 'k6/live.ts'),
    replay: join(root, 'k6/replay.ts'),
    // vcc-event-sim/k6: the module for your own k6 scripts.
    'vcc-event-sim': join(root, 'k6/module.ts'),
  },
  outdir: join(dist, 'k6'),
  ...K6_BUNDLE,
  legalComments: 'none',
});

// The k6 module's types beside it, for scripts that import it by path as k6 resolves imports
// (TypeScript finds `vcc-event-sim.d.ts` next to `vcc-event-sim.js`); the declarations themselves
// come from `npm run build:types` (dist/types/k6/module.d.ts), as the package's other entries do.
writeFileSync(join(dist, 'k6', 'vcc-event-sim.d.ts'), "export * from '../types/k6/module.js';\n");

// The schemas, one file per type, from the same source the code validates with.
const { allSchemas } = await import(join(dist, 'generator/index.js'));
const schemaDir = join(dist, 'schemas');
mkdirSync(schemaDir, { recursive: true });
for (const [type, schema] of Object.entries(allSchemas())) {
  writeFileSync(join(schemaDir, `${type}.json`), `${JSON.stringify(schema, null, 2)}\n`);
}

// uPlot, which `report --html` and `check --html` inline into their pages: its browser build and
// styles, copied (the package is a devDependency, so it is not installed with vcc-event-sim).
const uplot = join(root, 'node_modules', 'uplot');
mkdirSync(join(dist, 'uplot'), { recursive: true });
for (const file of ['dist/uPlot.iife.min.js', 'dist/uPlot.min.css', 'LICENSE'])
  copyFileSync(join(uplot, file), join(dist, 'uplot', file.replace(/^dist\//, '')));

// The licenses of the packages bundled into dist/ (the CLI's yargs tree, ksuid, faker, uPlot).
const bundled = new Map([['uplot', join(root, 'node_modules', 'uplot')]]);
for (const input of Object.keys(node.metafile.inputs)) {
  const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
  if (m) bundled.set(`${m[2]} ${m[1]}`, join(root, m[1]));
}
const seen = new Set();
const notices = [...new Set(bundled.values())].sort().flatMap((dir) => {
  const { name, version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (seen.has(`${name}@${version}`)) return [];
  seen.add(`${name}@${version}`);
  const file = readdirSync(dir).find((f) => /^(licen[sc]e|copying)([.-]|$)/i.test(f));
  if (!file) throw new Error(`build: ${name} has no license file to ship with its bundled code`);
  return `${name}@${version} (${license})\n\n${readFileSync(join(dir, file), 'utf8').trim()}\n`;
});
writeFileSync(
  join(dist, 'THIRD-PARTY-LICENSES.txt'),
  `Code of these packages is bundled into vcc-event-sim's dist/:\n\n${notices.join('\n---\n\n')}`,
);
