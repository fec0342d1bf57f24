import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from './helpers.js';

test('the README worked example of the mocks is the runnable example test, line for line', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### A worked example'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  const file = readFileSync(join(ROOT, 'test/example/receiver.test.ts'), 'utf8');
  // The file opens with two comment lines saying what it is; the rest is the README's code.
  const code = file.split('\n').slice(2).join('\n');
  expect(block).toBe(code);
});
