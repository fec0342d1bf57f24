// Builds the package: ESM bundles for Node (dependencies stay external) and the JSON Schemas.
// Usage: node scripts/build.mjs
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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
};
const existing = Object.fromEntries(
  Object.entries(entries)
    .filter(([, src]) => existsSync(join(root, src)))
    .map(([out, src]) => [out, join(root, src)]),
);

await build({
  entryPoints: existing,
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay external, except faker: bundled (tree-shaken to the `en` locale the roster's
  // names use, loaded on demand) so importing the core does not load every locale (17 MB of heap).
  // It is pinned exactly.
  external: Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }).filter(
    (d) => d !== '@faker-js/faker',
  ),
  sourcemap: true,
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
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  target: 'es2020',
  external: ['k6', 'k6/*'],
  legalComments: 'none',
  logLevel: 'warning',
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
