/**
 * The documented list of exports (docs/mocks.md, "Exports by entry point") is the real one: for
 * each entry point, its values are `Object.keys(await import(entry))` and its types are what its
 * index.ts exports as types (read with the TypeScript parser).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from './helpers.js';
import { ts } from './support/typescript.js';

const ENTRIES = {
  'vcc-event-sim': 'generator/index.ts',
  'vcc-event-sim/mocks': 'mocks/index.ts',
  'vcc-event-sim/sender': 'sender/index.ts',
  'vcc-event-sim/receiver': 'receiver/index.ts',
  'vcc-event-sim/scenarios': 'scenarios/index.ts',
  'vcc-event-sim/check': 'check/index.ts',
} as const;
type Entry = keyof typeof ENTRIES;

const DOC = 'docs/mocks.md';

/** Backquoted identifiers in a piece of markdown. */
function identifiers(markdown: string): string[] {
  return [...markdown.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1] as string);
}

/** What docs/mocks.md lists for an entry: the names under **Values** and under **Types**. */
function documented(entry: Entry): { values: string[]; types: string[] } {
  const text = readFileSync(join(ROOT, DOC), 'utf8');
  const section = text.slice(text.indexOf('## Exports by entry point'));
  const heading = `### \`${entry}\`\n`;
  const start = section.indexOf(heading);
  if (start < 0)
    throw new Error(`${DOC} lists no exports for ${entry}: add a "${heading.trim()}".`);
  const rest = section.slice(start + heading.length);
  const end = rest.search(/^#{2,3} /m);
  const body = end < 0 ? rest : rest.slice(0, end);
  const values = body.indexOf('**Values**');
  const types = body.indexOf('**Types**');
  if (values < 0 || types < values) {
    throw new Error(`${DOC}, ${entry}: give the names under **Values** and then **Types**.`);
  }
  return {
    values: identifiers(body.slice(values, types)),
    types: identifiers(body.slice(types)),
  };
}

/**
 * The names an index.ts exports as types: `export type { … }` and `export { type … }` specifiers
 * (with `verbatimModuleSyntax`, TypeScript refuses a type re-exported any other way), and any
 * interface or type alias declared in the file itself.
 */
function typeExports(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(ROOT, file), 'utf8'),
    ts.ScriptTarget.ES2022,
  );
  const names: string[] = [];
  for (const statement of source.statements) {
    if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const specifier of statement.exportClause.elements) {
        if (statement.isTypeOnly || specifier.isTypeOnly) names.push(specifier.name.text);
      }
    } else if (
      (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) &&
      statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    ) {
      names.push(statement.name.text);
    }
  }
  return names;
}

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

describe.each(Object.keys(ENTRIES) as Entry[])('%s', (entry) => {
  const file = ENTRIES[entry];

  test(`the values ${DOC} lists are the entry's runtime exports`, async () => {
    const runtime = Object.keys(await import(join(ROOT, file)));
    expect(sorted(documented(entry).values)).toEqual(sorted(runtime));
  });

  test(`the types ${DOC} lists are the entry's type exports`, () => {
    expect(sorted(documented(entry).types)).toEqual(sorted(typeExports(file)));
  });

  test('each name is listed once', () => {
    const { values, types } = documented(entry);
    const all = [...values, ...types];
    expect(all.filter((name, i) => all.indexOf(name) !== i)).toEqual([]);
  });
});
