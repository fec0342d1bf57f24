// The package as npm ships it: packed from a copy of the checkout (its real `prepack`), installed
// in a scratch project beside msw and @types/k6, then an example type-checked strictly under three
// module resolutions and run, and a k6 script in TypeScript type-checked on `vcc-event-sim/k6`. npm must not warn; the shipped types keep nothing @internal; the
// shipped schemas name no invented $id.
import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from './helpers.js';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'vcc-package-'));
const project = join(work, 'project');
const installed = join(project, 'node_modules', 'vcc-event-sim');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let installLog = '';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  // A copy of the checkout without what is installed or built: `npm pack` runs the real prepack.
  const src = join(work, 'src');
  cpSync(ROOT, src, {
    recursive: true,
    filter: (from) => !/[/\\](node_modules|\.git|dist|\.tools|coverage)$/.test(from),
  });
  symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
  const packed = await run(npm, ['pack', '--pack-destination', work, '--loglevel=warn'], {
    cwd: src,
  });
  const tarball = join(work, packed.stdout.trim().split('\n').at(-1) as string);

  cpSync(join(ROOT, 'test/package-example'), project, { recursive: true });
  const version = (dep: string): string =>
    JSON.parse(readFileSync(join(ROOT, 'node_modules', dep, 'package.json'), 'utf8')).version;
  // The k6 script as k6 resolves imports: by path, relative to the script.
  const byName = readFileSync(join(project, 'k6-script.ts'), 'utf8');
  const byPath = byName.replace(
    "from 'vcc-event-sim/k6'",
    "from './node_modules/vcc-event-sim/dist/k6/vcc-event-sim.js'",
  );
  if (byPath === byName) throw new Error("k6-script.ts no longer imports from 'vcc-event-sim/k6'");
  writeFileSync(join(project, 'k6-script-by-path.ts'), byPath);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'scratch',
      private: true,
      type: 'module',
      // msw's own postinstall is msw's business (the project's package.json says the same).
      allowScripts: { msw: false },
    }),
  );
  const install = await run(
    npm,
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      tarball,
      `msw@${version('msw')}`,
      `@types/k6@${version('@types/k6')}`,
    ],
    { cwd: project },
  );
  installLog = `${install.stdout}\n${install.stderr}`;
}, 600_000);

describe('the packed package in a scratch project', () => {
  test('installs with no npm warning; its package.json has no script that needs the repository', () => {
    expect(installLog.split('\n').filter((l) => /npm warn/i.test(l))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    for (const name of ['prepare', 'preinstall', 'install', 'postinstall'])
      expect(manifest.scripts?.[name], name).toBeUndefined();
    expect(Object.keys(manifest.engines)).toEqual(['node']);
  });

  test('ships no @internal declaration and no invented schema $id', () => {
    const types = filesUnder(join(installed, 'dist/types')).filter((f) => f.endsWith('.d.ts'));
    expect(types.length).toBeGreaterThan(20);
    expect(types.filter((f) => readFileSync(f, 'utf8').includes('@internal'))).toEqual([]);
    const inbox = readFileSync(join(installed, 'dist/types/mocks/inbox.d.ts'), 'utf8');
    expect(inbox).not.toMatch(/\brecord\(|\bnoteSend\(/);
    const schemas = filesUnder(join(installed, 'dist/schemas'));
    expect(schemas.length).toBe(26);
    for (const f of schemas) expect(JSON.parse(readFileSync(f, 'utf8')).$id, f).toBeUndefined();
  });

  test.each(['node16', 'nodenext', 'bundler'])(
    'the example type-checks strictly with %s resolution',
    async (resolution) => {
      const config = {
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          module: resolution === 'bundler' ? 'ESNext' : resolution,
          moduleResolution: resolution,
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
          skipLibCheck: false,
        },
        files: ['example.ts'],
      };
      writeFileSync(join(project, `tsconfig.${resolution}.json`), JSON.stringify(config));
      const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
      const r = await run(process.execPath, [tsc, '-p', `tsconfig.${resolution}.json`], {
        cwd: project,
      }).catch((e: { stdout: string; code: number }) => ({ stdout: e.stdout, code: e.code }));
      expect(r.stdout).toBe('');
    },
    120_000,
  );

  test.each([
    ['k6-script.ts', 'bundler'],
    ['k6-script-by-path.ts', 'bundler'],
    ['k6-script-by-path.ts', 'nodenext'],
  ])(
    'a k6 script in TypeScript, %s, type-checks strictly with @types/k6 (%s resolution)',
    async (file, resolution) => {
      const config = {
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          lib: ['ES2022'],
          module: resolution === 'bundler' ? 'ESNext' : resolution,
          moduleResolution: resolution,
          types: ['k6'],
          skipLibCheck: false,
        },
        files: [file],
      };
      const name = `tsconfig.${file}.${resolution}.json`;
      writeFileSync(join(project, name), JSON.stringify(config));
      const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
      const r = await run(process.execPath, [tsc, '-p', name], { cwd: project }).then(
        (ok) => ({ stdout: ok.stdout, code: 0 }),
        (e: { stdout: string; code: number }) => ({ stdout: e.stdout, code: e.code }),
      );
      expect(r.stdout).toBe('');
      expect(r.code).toBe(0);
    },
    120_000,
  );

  test('the example runs: delivered through the mocks, typed fields read, the stream checks', async () => {
    // Types stripped by esbuild (the type-checks are the tests above); the imports stay the package's.
    const esbuild = join(ROOT, 'node_modules/esbuild/bin/esbuild');
    await run(process.execPath, [esbuild, 'example.ts', '--outfile=example.js'], { cwd: project });
    const r = await run(
      process.execPath,
      ['--input-type=module', '-e', "console.log(await (await import('./example.js')).main())"],
      { cwd: project },
    );
    expect(r.stdout).toMatch(
      /^delivered 2, agents \d+, handler 204, checks failed \[\], \d+ ended, 0 violations\n$/,
    );
  }, 120_000);
});
