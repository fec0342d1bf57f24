import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from './helpers.js';

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
  const repo = mkdtempSync(join(tmpdir(), 'vcc-sim-gitignore-'));
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
