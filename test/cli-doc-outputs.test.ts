import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT, scratchDir } from './helpers.js';

const tmp = scratchDir('vcc-sim-doc-outputs-');

/** The files and folders the documented shell examples write, relative to where they run. */
function documentedOutputs(): Array<{ doc: string; path: string }> {
  const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => join('docs', f))];
  const out: Array<{ doc: string; path: string }> = [];
  for (const doc of docs.filter((d) => d.endsWith('.md'))) {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    for (const block of text.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)) {
      const code = (block[1] as string).replace(/\\\n/g, ' ');
      for (const line of code.split('\n')) {
        if (!/\bvcc-sim\b/.test(line)) continue;
        const command = line.replace(/#.*$/, '');
        for (const m of command.matchAll(
          /(?:>{1,2}|--out|-o|--roster|--report|--html|--junit|--ledger|--k6-operator)\s+([\w./=-]+)/g,
        )) {
          // k6's --out TYPE=FILE writes FILE; an output with no file (a remote one) writes nothing.
          if (m[0].startsWith('--out') && /^[\w-]+=/.test(m[1] as string))
            m[1] = (m[1] as string).replace(/^[\w-]+=/, '');
          else if (m[0].startsWith('--out') && !/[./]/.test(m[1] as string)) continue;
          // A folder (--k6-operator DIR) is checked as one: git matches `dir/` patterns so.
          const path = `${m[1] as string}${m[0].startsWith('--k6-operator') ? '/' : ''}`;
          if (path.startsWith('/dev/') || path.startsWith('$') || path === '-') continue;
          out.push({ doc, path });
        }
      }
    }
  }
  return out;
}

test('every file the documented examples write is ignored by git', () => {
  const outputs = documentedOutputs();
  // The examples write reports, streams, manifests: the scan must find them, or it is broken.
  expect(outputs.map((o) => o.path)).toEqual(
    expect.arrayContaining(['report.html', 'day.ndjson', 'month.ndjson.gz', 'k8s/']),
  );
  // The project's .gitignore in a repository of its own: the answer is the file's, wherever the
  // tests run (CI's runtime matrix tests a copy without .git).
  const repo = mkdtempSync(join(tmp, 'vcc-sim-gitignore-'));
  execFileSync('git', ['init', '-q'], { cwd: repo });
  copyFileSync(join(ROOT, '.gitignore'), join(repo, '.gitignore'));
  const notIgnored = outputs.filter(({ path }) => {
    try {
      execFileSync('git', ['check-ignore', '-q', '--no-index', path], { cwd: repo });
      return false;
    } catch {
      return true;
    }
  });
  expect(notIgnored, 'add these to .gitignore').toEqual([]);
});

test('biome check skips what the documented examples write (it reads .gitignore)', () => {
  const repo = mkdtempSync(join(tmp, 'vcc-sim-biome-'));
  execFileSync('git', ['init', '-q'], { cwd: repo });
  copyFileSync(join(ROOT, '.gitignore'), join(repo, '.gitignore'));
  copyFileSync(join(ROOT, 'biome.json'), join(repo, 'biome.json'));
  // One file biome checks, so the run is not empty; then every documented output, none of it
  // formatted as biome would (a JSON file biome would refuse, were it read).
  writeFileSync(join(repo, 'ok.json'), '{ "a": 1 }\n');
  for (const { path } of documentedOutputs()) {
    const file = path.endsWith('/') ? join(repo, path, 'manifest.json') : join(repo, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{"a":1,   "b":[1,\n2]}');
  }
  const biome = join(ROOT, 'node_modules/@biomejs/biome/bin/biome');
  const r = spawnSync(process.execPath, [biome, 'check', '.'], { cwd: repo, encoding: 'utf8' });
  expect(`${r.stdout}${r.stderr}`).toMatch(/Checked [12] files?/);
  expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
});
