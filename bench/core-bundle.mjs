// The sources' modules for a bench run by hand, straight from the TypeScript (no `dist/` build):
// bundled by esbuild into a temporary folder and imported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `exports` lines (`export { simulate } from './generator/simulation/simulate.js';`, paths from the
 * repository's root) bundled and imported; returns the module and the folder it was written to.
 */
export async function importCore(exports) {
  const dir = mkdtempSync(join(tmpdir(), 'vcc-sim-core-'));
  // Removed when the bench ends (it is loaded by then): a run left one behind each time before.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'core.mjs');
  await build({
    stdin: { contents: exports, resolveDir: root, sourcefile: 'entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'error',
  });
  return { core: await import(pathToFileURL(out).href), dir };
}
