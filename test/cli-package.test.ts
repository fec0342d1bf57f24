// The package as npm ships it: packed from a copy of the checkout (its real `prepack`), installed
// in a scratch project beside msw and @types/k6, then an example type-checked strictly under three
// module resolutions and run, and a k6 script in TypeScript type-checked on `vcc-event-sim/k6`. npm must not warn; the shipped types keep nothing @internal; the
// shipped schemas name no invented $id.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT, scratchDir } from './helpers.js';

const run = promisify(execFile);
/**
 * TypeScript 7 checks on several threads by default: beside the other test files that run at the
 * same time, one thread does the same check for about a third less CPU.
 */
const TSC_FLAGS = ['--singleThreaded'];
const work = scratchDir('vcc-package-');
const project = join(work, 'project');
const installed = join(project, 'node_modules', 'vcc-event-sim');
// A second project with the package alone, as a CLI user (or a user of the library without msw)
// installs it.
const plain = join(work, 'plain');
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
  mkdirSync(plain);
  // A version of the user's own, which `vcc-sim --version` must not print.
  writeFileSync(
    join(plain, 'package.json'),
    JSON.stringify({ name: 'plain', version: '9.9.9', private: true, type: 'module' }),
  );
  await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], {
    cwd: plain,
  });
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
          // A user's strictest setting: an option given as undefined must type-check.
          exactOptionalPropertyTypes: true,
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
      const r = await run(
        process.execPath,
        [tsc, ...TSC_FLAGS, '-p', `tsconfig.${resolution}.json`],
        {
          cwd: project,
        },
      ).catch((e: { stdout: string; code: number }) => ({ stdout: e.stdout, code: e.code }));
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
      const r = await run(process.execPath, [tsc, ...TSC_FLAGS, '-p', name], { cwd: project }).then(
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

  test("vcc-sim --version in the project prints the package's version, not the project's", async () => {
    const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    const r = await run(join(plain, 'node_modules/.bin/vcc-sim'), ['--version'], { cwd: plain });
    expect(r.stdout).toBe(`${own}\n`);
  });

  test('installs none of the packages only the CLI uses; the CLI runs on what it bundles', async () => {
    // The tree npm installed for vcc-event-sim (msw, an optional peer, is not installed).
    const tree = JSON.parse((await run(npm, ['ls', '--all', '--json'], { cwd: plain })).stdout);
    const names = new Set<string>();
    const walk = (deps: Record<string, { dependencies?: object }> = {}): void => {
      for (const [name, dep] of Object.entries(deps)) {
        if (name === 'msw') continue;
        names.add(name);
        walk(dep.dependencies as Record<string, { dependencies?: object }>);
      }
    };
    walk(tree.dependencies['vcc-event-sim'].dependencies);
    for (const cliOnly of ['yargs', 'yargs-parser', 'cliui', 'y18n', 'uplot', 'ksuid'])
      expect(names.has(cliOnly), cliOnly).toBe(false);
    expect(names.has('ajv')).toBe(true);
    // yargs (every command), ksuid (validate) and uPlot (report --html), from the bundle.
    const cli = join(plain, 'node_modules/.bin/vcc-sim');
    // Ten agents: under issue 21's staggered shifts three agents have no call in their first hour.
    await run(cli, ['generate', '--agents', '10', '--duration', '1h', '-o', 'day.ndjson'], {
      cwd: plain,
    });
    const checked = await run(cli, ['validate', 'day.ndjson'], { cwd: plain });
    expect(checked.stdout).toMatch(/^ok: \d+ events .* 0 violations/);
    await run(cli, ['report', 'day.ndjson', '--html', 'report.html'], { cwd: plain });
    expect(readFileSync(join(plain, 'report.html'), 'utf8')).toContain('uPlot');
    expect(readFileSync(join(installed, 'dist/THIRD-PARTY-LICENSES.txt'), 'utf8')).toMatch(
      /^yargs@[\d.]+ \(MIT\)$/m,
    );
  }, 120_000);

  test('its source maps carry no sources (the TypeScript is not shipped twice)', () => {
    const maps = filesUnder(join(installed, 'dist')).filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const f of maps)
      expect(JSON.parse(readFileSync(f, 'utf8')).sourcesContent, f).toBeUndefined();
  });

  test('a CommonJS file can require the mocks and the sender (Node loads ES modules from require)', async () => {
    writeFileSync(
      join(project, 'require.cjs'),
      [
        "const { mockVcc, wrapStarted } = require('vcc-event-sim/mocks');",
        "const { deliver } = require('vcc-event-sim/sender');",
        "const vcc = mockVcc({ url: 'https://hooks.example.test/vcc' });",
        'vcc.listen();',
        "deliver([wrapStarted()], { target: 'https://hooks.example.test/vcc' }).then((s) => {",
        "  console.log('delivered ' + s.delivered + ', inbox ' + vcc.inbox.count());",
        '  vcc.close();',
        '});',
      ].join('\n'),
    );
    const r = await run(process.execPath, ['require.cjs'], { cwd: project });
    expect(r.stdout).toBe('delivered 1, inbox 1\n');
  }, 60_000);
});
