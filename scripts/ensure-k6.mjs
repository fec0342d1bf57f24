// Makes sure a k6 binary is there for `vcc-sim load`, `npm start`, `npm test` and CI.
// Order: $VCC_SIM_K6 (a path), a supported `k6` on PATH (>= 1.0), the pinned k6 in .tools/bin, else
// build the pinned release into .tools/bin with Go (>= 1.25). k6 is AGPL-3.0: it runs as a separate
// program and is never linked into or shipped with this package.
// Usage: node scripts/ensure-k6.mjs [--version]   (prints the k6 it uses on stderr, and with
// --version the output of `k6 version` on stdout; exit 1 when there is none)
// The logic is the CLI's (cli/k6-binary.ts); this runs its build in dist/ (node scripts/build.mjs:
// `npm test`, `npm start` and `npm run build` run it first).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
const built = join(root, 'dist', 'cli', 'k6-binary.js');

if (!existsSync(built)) {
  const message = `${built} is missing: run "node scripts/build.mjs" (or "npm run build") first.`;
  if (!isMain) throw new Error(message);
  process.stderr.write(`ensure-k6: ${message}\n`);
  process.exit(1);
}
const k6Binary = await import(pathToFileURL(built).href);

export const {
  K6_VERSION,
  K6_MODULE,
  K6_MIN_MAJOR,
  INSTALL_HINT,
  k6Version,
  findK6,
  buildK6,
  ensureK6,
} = k6Binary;

if (isMain) process.exitCode = k6Binary.ensureK6Main(process.argv.slice(2), root);
