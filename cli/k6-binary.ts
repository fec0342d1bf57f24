/**
 * Where `vcc-sim load` (and `npm start`, `npm test`, CI through `scripts/ensure-k6.mjs`) finds k6:
 * $VCC_SIM_K6 (a path), a supported `k6` on PATH (>= 1.0), the pinned k6 in .tools/bin, else a
 * build of the pinned release into .tools/bin with Go (>= 1.25). k6 is AGPL-3.0 and runs as a
 * separate program: it is never linked into or shipped with this package.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { SimError } from '../generator/errors.js';
import { packageRoot } from './package-root.js';

/** The k6 release built when none is found. */
export const K6_VERSION = '2.2.0';
/** Its Go module path. */
export const K6_MODULE = 'go.k6.io/k6/v2';
/** The oldest k6 the scripts run on. */
export const K6_MIN_MAJOR = 1;
/** How to get a k6, for the errors that say there is none. */
export const INSTALL_HINT =
  'install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) and put it on PATH, set VCC_SIM_K6 to its path, or install Go >= 1.25 and run "node scripts/ensure-k6.mjs" to build the pinned k6 v2.2.0 into .tools/bin';

/** A k6 binary found or built, and where it came from. */
export interface FoundK6 {
  path: string;
  version: string;
  source: 'VCC_SIM_K6' | 'PATH' | '.tools' | 'built';
}

/** Where progress lines go (stderr unless told). */
type Log = (line: string) => void;

const toStderr: Log = (line) => process.stderr.write(`${line}\n`);

/**
 * The version a k6 binary reports, e.g. `2.2.0`, or undefined when it does not run.
 *
 * @example
 * k6Version('/usr/local/bin/k6') // '2.2.0'
 */
export function k6Version(bin: string): string | undefined {
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

const supported = (version: string) => Number(version.split('.')[0]) >= K6_MIN_MAJOR;

function onPath(name: string, env: Record<string, string | undefined>): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Finds a usable k6 without building one, or undefined. `root` is the repository (its `.tools/bin`
 * holds a built k6). Throws when $VCC_SIM_K6 names something that does not run as k6.
 *
 * @example
 * findK6({ root: packageRoot() }) // { path: '/usr/local/bin/k6', version: '2.2.0', source: 'PATH' }
 */
export function findK6({
  root,
  env = process.env,
  log = () => {},
}: {
  root?: string;
  env?: Record<string, string | undefined>;
  log?: Log;
} = {}): FoundK6 | undefined {
  const fromEnv = env['VCC_SIM_K6'];
  if (fromEnv) {
    const version = k6Version(fromEnv);
    if (!version)
      throw new Error(`VCC_SIM_K6=${fromEnv} does not run as k6: fix the path or unset it.`);
    return { path: fromEnv, version, source: 'VCC_SIM_K6' };
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

function goVersion(): RegExpExecArray | null {
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

/** `go build` of the pinned k6 from a temporary module (when `go install` cannot resolve it). */
function buildFromTemporaryModule(bin: string, env: NodeJS.ProcessEnv): void {
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
    const built = spawnSync('go', ['build', '-v', '-trimpath', '-o', join(bin, 'k6'), K6_MODULE], {
      cwd: dir,
      env: { ...env, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (built.status !== 0)
      throw new Error(`building k6 v${K6_VERSION} failed (see above): ${INSTALL_HINT}.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Builds the pinned k6 into `<root>/.tools/bin/k6` with Go; returns its path or throws saying how
 * to install k6 instead.
 *
 * @example
 * buildK6({ root: packageRoot() }) // '/path/to/vcc-event-sim/.tools/bin/k6'
 */
export function buildK6({ root, log = toStderr }: { root: string; log?: Log }): string {
  const go = goVersion();
  if (!go) throw new Error(`k6 not found and Go is not installed: ${INSTALL_HINT}.`);
  if (Number(go[1]) === 1 && Number(go[2]) < 25)
    throw new Error(`k6 not found and Go ${go[0]} is older than 1.25: ${INSTALL_HINT}.`);
  const bin = join(root, '.tools', 'bin');
  mkdirSync(bin, { recursive: true });
  const env = { ...process.env, CGO_ENABLED: '0', GOBIN: bin };
  log(
    `ensure-k6: building k6 v${K6_VERSION} with ${go[0]} into ${bin} (once; minutes on a cold Go cache: go names each module it downloads and each package it compiles, as it goes)`,
  );
  // -v and go's own output as it comes: a cold build is minutes of downloads and compiles, and
  // nothing on the screen for that long reads as a hang.
  const install = spawnSync('go', ['install', '-v', '-trimpath', `${K6_MODULE}@v${K6_VERSION}`], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (install.status !== 0) {
    log(
      `ensure-k6: "go install" failed (exit ${install.status ?? install.signal}, see above); building from a temporary module instead`,
    );
    buildFromTemporaryModule(bin, env);
  }
  const path = join(bin, 'k6');
  const version = k6Version(path);
  if (version !== K6_VERSION)
    throw new Error(`the k6 built into ${path} does not report v${K6_VERSION}: ${INSTALL_HINT}.`);
  return path;
}

/**
 * Finds k6 or builds the pinned one; throws saying how to install it.
 *
 * @example
 * const k6 = ensureK6({ root: packageRoot() }); // { path, version, source }
 */
export function ensureK6({ root, log = toStderr }: { root: string; log?: Log }): FoundK6 {
  const found = findK6({ root, log });
  if (found) return found;
  const path = buildK6({ root, log });
  return { path, version: K6_VERSION, source: 'built' };
}

/** Finds (or builds) k6 for `vcc-sim load`; a {@link SimError} saying how to install it when there is none. */
export function locateK6(): FoundK6 {
  try {
    return ensureK6({ root: packageRoot() });
  } catch (err) {
    throw new SimError('k6-missing', (err as Error).message);
  }
}

const WHERE: Record<FoundK6['source'], string> = {
  PATH: 'on PATH',
  VCC_SIM_K6: 'from VCC_SIM_K6',
  built: 'just built',
  '.tools': 'in .tools/bin',
};

/**
 * `node scripts/ensure-k6.mjs [--version]`: makes sure k6 is there, says which on stderr and, with
 * `--version`, prints `k6 version` on stdout; exit code 1 when there is none.
 *
 * @example
 * process.exitCode = ensureK6Main(process.argv.slice(2));
 */
export function ensureK6Main(args: readonly string[], root: string = packageRoot()): number {
  try {
    const k6 = ensureK6({ root });
    process.stderr.write(`ensure-k6: using k6 v${k6.version} ${WHERE[k6.source]} (${k6.path})\n`);
    if (args.includes('--version'))
      process.stdout.write(execFileSync(k6.path, ['version'], { encoding: 'utf8' }));
    return 0;
  } catch (err) {
    process.stderr.write(`ensure-k6: ${(err as Error).message}\n`);
    return 1;
  }
}
