// Makes sure a k6 binary is there for `vcc-sim load`, `npm start`, `npm test` and CI.
// Order: $VCC_SIM_K6 (a path), a supported `k6` on PATH (>= 1.0), the pinned k6 in .tools/bin, else
// build the pinned release into .tools/bin with Go (>= 1.25). k6 is AGPL-3.0: it runs as a separate
// program and is never linked into or shipped with this package.
// Usage: node scripts/ensure-k6.mjs [--version]   (prints the k6 it uses on stderr, and with
// --version the output of `k6 version` on stdout; exit 1 when there is none)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The k6 release built when none is found. */
export const K6_VERSION = '2.2.0';
/** Its Go module path. */
export const K6_MODULE = 'go.k6.io/k6/v2';
/** The oldest k6 the scripts run on. */
export const K6_MIN_MAJOR = 1;
export const INSTALL_HINT =
  'install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) and put it on PATH, set VCC_SIM_K6 to its path, or install Go >= 1.25 and run "node scripts/ensure-k6.mjs" to build the pinned k6 v2.2.0 into .tools/bin';

/** The version a k6 binary reports, e.g. `2.2.0`, or undefined when it does not run. */
export function k6Version(bin) {
  try {
    const out = execFileSync(bin, ['version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 20_000,
    });
    return /k6 v(\d+\.\d+\.\d+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

const supported = (version) => Number(version.split('.')[0]) >= K6_MIN_MAJOR;

function onPath(name, env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Finds a usable k6 without building one: `{ path, version, source }` or undefined.
 * `root` is the repository (its `.tools/bin` holds a built k6).
 */
export function findK6({ root, env = process.env, log = () => {} } = {}) {
  if (env.VCC_SIM_K6) {
    const version = k6Version(env.VCC_SIM_K6);
    if (!version)
      throw new Error(`VCC_SIM_K6=${env.VCC_SIM_K6} does not run as k6: fix the path or unset it.`);
    return { path: env.VCC_SIM_K6, version, source: 'VCC_SIM_K6' };
  }
  const fromPath = onPath('k6', env);
  if (fromPath) {
    const version = k6Version(fromPath);
    if (version && supported(version)) return { path: fromPath, version, source: 'PATH' };
    log(
      version
        ? `ensure-k6: skipping k6 v${version} on PATH (${fromPath}): older than ${K6_MIN_MAJOR}.0`
        : `ensure-k6: skipping ${fromPath}: it does not run as k6`,
    );
  }
  if (root) {
    const tool = join(root, '.tools', 'bin', 'k6');
    if (existsSync(tool)) {
      const version = k6Version(tool);
      if (version === K6_VERSION) return { path: tool, version, source: '.tools' };
    }
  }
  return undefined;
}

function goVersion() {
  try {
    const out = execFileSync('go', ['env', 'GOVERSION'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return /go(\d+)\.(\d+)/.exec(out);
  } catch {
    return null;
  }
}

/** Builds the pinned k6 into `<root>/.tools/bin/k6`; returns its path or throws. */
export function buildK6({ root, log = (line) => process.stderr.write(`${line}\n`) }) {
  const go = goVersion();
  if (!go) throw new Error(`k6 not found and Go is not installed: ${INSTALL_HINT}.`);
  if (Number(go[1]) === 1 && Number(go[2]) < 25)
    throw new Error(`k6 not found and Go ${go[0]} is older than 1.25: ${INSTALL_HINT}.`);
  const bin = join(root, '.tools', 'bin');
  mkdirSync(bin, { recursive: true });
  const env = { ...process.env, CGO_ENABLED: '0', GOBIN: bin };
  log(`ensure-k6: building k6 v${K6_VERSION} with ${go[0]} into ${bin} (once; a few minutes)`);
  const install = spawnSync('go', ['install', '-trimpath', `${K6_MODULE}@v${K6_VERSION}`], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (install.status !== 0) {
    const why = (install.stderr ?? '').trim().split('\n').pop() ?? 'failed';
    log(`ensure-k6: "go install" failed (${why}); building from a temporary module instead`);
    const dir = mkdtempSync(join(tmpdir(), 'vcc-sim-k6-build-'));
    try {
      writeFileSync(
        join(dir, 'go.mod'),
        `module vcc-event-sim/k6-build\n\ngo 1.25\n\nrequire ${K6_MODULE} v${K6_VERSION}\n`,
      );
      writeFileSync(
        join(dir, 'tools.go'),
        `//go:build tools\n\npackage tools\n\nimport _ "${K6_MODULE}"\n`,
      );
      const built = spawnSync('go', ['build', '-trimpath', '-o', join(bin, 'k6'), K6_MODULE], {
        cwd: dir,
        env: { ...env, GOFLAGS: '-mod=mod' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (built.status !== 0)
        throw new Error(`building k6 v${K6_VERSION} failed (see above): ${INSTALL_HINT}.`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else if (install.stderr) process.stderr.write(install.stderr);
  const path = join(bin, 'k6');
  const version = k6Version(path);
  if (version !== K6_VERSION)
    throw new Error(`the k6 built into ${path} does not report v${K6_VERSION}: ${INSTALL_HINT}.`);
  return path;
}

/** Finds k6 or builds the pinned one: `{ path, version, source }`; throws with how to install. */
export function ensureK6({ root, log = (line) => process.stderr.write(`${line}\n`) }) {
  const found = findK6({ root, log });
  if (found) return found;
  const path = buildK6({ root, log });
  return { path, version: K6_VERSION, source: 'built' };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    const k6 = ensureK6({ root });
    const where =
      k6.source === 'PATH'
        ? 'on PATH'
        : k6.source === 'VCC_SIM_K6'
          ? 'from VCC_SIM_K6'
          : k6.source === 'built'
            ? 'just built'
            : 'in .tools/bin';
    process.stderr.write(`ensure-k6: using k6 v${k6.version} ${where} (${k6.path})\n`);
    if (process.argv.includes('--version'))
      process.stdout.write(execFileSync(k6.path, ['version'], { encoding: 'utf8' }));
  } catch (err) {
    process.stderr.write(`ensure-k6: ${err.message}\n`);
    process.exitCode = 1;
  }
}
