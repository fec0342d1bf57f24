import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from './helpers.js';

const EXAMPLE = readFileSync(join(ROOT, 'test/example/receiver.test.ts'), 'utf8');

/** The first ```ts block after `heading` in a markdown file. */
function tsBlockAfter(file: string, heading: string): string {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const at = text.indexOf(heading);
  if (at < 0) throw new Error(`${file} has no "${heading}": the documented example moved.`);
  const block = /```ts\n([\s\S]*?)```/.exec(text.slice(at))?.[1];
  if (block === undefined) throw new Error(`${file} has no \`\`\`ts block after "${heading}".`);
  return block;
}

test('the worked example of the mocks in docs/mocks.md is the runnable example test, line for line', () => {
  const block = tsBlockAfter('docs/mocks.md', '## A worked example');
  // The file opens with two comment lines saying what it is; the rest is the documented code.
  const code = EXAMPLE.split('\n').slice(2).join('\n');
  expect(block).toBe(code);
});

test('the README excerpt of the worked example is the example test, piece by piece and in order', () => {
  const block = tsBlockAfter('README.md', '## Mock VCC in your tests');
  // Lines starting with "// …" stand for code left out; every piece between them is in the file.
  const pieces = block
    .split(/^\/\/ ….*\n/m)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '');
  expect(pieces.length).toBeGreaterThan(1);
  let from = 0;
  for (const piece of pieces) {
    const at = EXAMPLE.indexOf(piece, from);
    expect(
      at,
      `not in test/example/receiver.test.ts (after offset ${from}):\n${piece}`,
    ).toBeGreaterThan(-1);
    from = at + piece.length;
  }
});
