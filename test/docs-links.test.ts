/**
 * Every relative link in README.md and docs/*.md resolves: the file exists and, for a `#anchor`
 * into a markdown file, the file has a heading with that GitHub anchor.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from './helpers.js';

const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The text outside fenced code blocks and inline code, where links are links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '``');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a markdown file's headings (duplicates numbered as GitHub does). */
function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = slug(m[1] as string);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Relative link targets: inline `[text](target)` and reference definitions `[id]: target`. */
function links(markdown: string): string[] {
  const text = prose(markdown);
  const found: string[] = [];
  for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) found.push(m[1] as string);
  for (const m of text.matchAll(/^\[[^\]]+\]:\s*(\S+)/gm)) found.push(m[1] as string);
  return found.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

test.each(PAGES)('every relative link in %s resolves', (page) => {
  const broken: string[] = [];
  const from = join(ROOT, page);
  for (const target of links(readFileSync(from, 'utf8'))) {
    const [path = '', anchor] = target.split('#');
    const file = path === '' ? from : join(dirname(from), decodeURI(path));
    if (!existsSync(file)) {
      broken.push(`${target}: no file ${relative(ROOT, file)}`);
    } else if (anchor !== undefined && file.endsWith('.md') && !anchors(file).has(anchor)) {
      broken.push(`${target}: no heading with anchor #${anchor} in ${relative(ROOT, file)}`);
    }
  }
  expect(broken).toEqual([]);
});

test('the docs pages link to each other from the README, and no page cites files users do not have', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const unlinked = PAGES.filter((p) => p.startsWith('docs/') && !readme.includes(`](${p})`));
  expect(unlinked).toEqual([]);
  const citing = PAGES.filter((p) => readFileSync(join(ROOT, p), 'utf8').includes('shared/vcc'));
  expect(citing).toEqual([]);
});

test('a page longer than 80 lines opens with a table of contents', () => {
  const without = PAGES.filter((p) => p.startsWith('docs/'))
    .map((p) => ({ p, text: readFileSync(join(ROOT, p), 'utf8') }))
    .filter(({ text }) => text.split('\n').length > 80)
    .filter(({ text }) => {
      const head = text.slice(0, text.indexOf('\n## '));
      return !/^- \[.+\]\(#/m.test(head);
    })
    .map(({ p }) => p);
  expect(without).toEqual([]);
});
