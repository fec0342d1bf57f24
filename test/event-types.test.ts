// The per-type notification types and the JSON Schemas are two statements of one contract: this
// file reads both into one shape (each field, its required-ness, its literal values) and checks
// that they agree type by type. It uses TypeScript's own checker on the real declarations.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type TS from 'typescript-api';
import { describe, expect, test } from 'vitest';
import {
  NOTIFICATION_TYPES,
  type NotificationType,
} from '../generator/notifications/event-types.js';
import { type JsonSchema, schemaFor } from '../generator/notifications/schemas.js';
import { ts } from './support/typescript.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A field list, a string, a set of literals, or several object variants. */
type Shape =
  | { string: true }
  | { literal: string[] }
  | { object: Record<string, { required: boolean; shape: Shape }> }
  | { variants: Shape[] };

// ------------------------------------------------------------------ the TypeScript side

const OPTIONS: TS.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  types: ['node'],
};

/**
 * The files every compile reads (TypeScript's lib, @types/node, the project's sources), parsed once
 * for the file: a program takes them as they are, as TypeScript's language service does. Only the
 * compiled file itself is parsed again each time.
 */
const parsed = new Map<string, TS.SourceFile>();

/** Compiles `source` strictly as if it were the file `file` of the repository (not written). */
function compile(file: string, source: string) {
  const path = join(root, file);
  const host = ts.createCompilerHost(OPTIONS);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => f === path || fileExists(f);
  host.readFile = (f) => (f === path ? source : readFile(f));
  host.getSourceFile = (f, ...rest) => {
    if (f === path) return ts.createSourceFile(f, source, ts.ScriptTarget.ES2022, true);
    let sourceFile = parsed.get(f);
    if (sourceFile === undefined) {
      sourceFile = getSourceFile(f, ...rest);
      if (sourceFile !== undefined) parsed.set(f, sourceFile);
    }
    return sourceFile;
  };
  const program = ts.createProgram([path], OPTIONS, host);
  return { program, sourceFile: program.getSourceFile(path) as TS.SourceFile };
}

function tsShape(checker: TS.TypeChecker, type: TS.Type): Shape {
  if (type.isUnion()) {
    const members = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
    if (members.every((t) => t.isStringLiteral())) {
      return { literal: members.map((t) => (t as TS.StringLiteralType).value).sort() };
    }
    if (members.length === 1) return tsShape(checker, members[0] as TS.Type);
    return { variants: members.map((t) => tsShape(checker, t)) };
  }
  if (type.isStringLiteral()) return { literal: [type.value] };
  if (type.flags & ts.TypeFlags.String) return { string: true };
  if (type.flags & ts.TypeFlags.Object) {
    const object: Record<string, { required: boolean; shape: Shape }> = {};
    for (const prop of checker.getPropertiesOfType(type)) {
      const propType = checker.getTypeOfSymbol(prop);
      // `reason?: never` reads as undefined: the field is absent, as additionalProperties says.
      if (propType.flags & ts.TypeFlags.Undefined) continue;
      const required = (prop.flags & ts.SymbolFlags.Optional) === 0;
      object[prop.name] = { required, shape: tsShape(checker, propType) };
    }
    return { object };
  }
  throw new Error(`no shape for the TypeScript type ${checker.typeToString(type)}`);
}

/** The shape of `NotificationOf<type>` for each type, from one compiled probe. */
function typeShapes(types: readonly string[]): Map<string, Shape> {
  const lines = types.map((t, i) => `export type P${i} = NotificationOf<'${t}'>;`);
  const { program, sourceFile } = compile(
    'test/fixtures/probe.ts',
    `import type { NotificationOf } from '../../generator/index.js';\n${lines.join('\n')}\n`,
  );
  const checker = program.getTypeChecker();
  const out = new Map<string, Shape>();
  for (const statement of sourceFile.statements) {
    if (!ts.isTypeAliasDeclaration(statement)) continue;
    const index = Number(statement.name.text.slice(1));
    out.set(types[index] as string, tsShape(checker, checker.getTypeAtLocation(statement.name)));
  }
  return out;
}

// ------------------------------------------------------------------ the schema side

function schemaShape(schema: JsonSchema): Shape {
  if ('const' in schema) return { literal: [String(schema['const'])] };
  if (Array.isArray(schema['enum'])) return { literal: schema['enum'].map(String).sort() };
  if (schema['type'] === 'string') return { string: true };
  if (schema['type'] !== 'object') throw new Error(`no shape for ${JSON.stringify(schema)}`);
  const properties = schema['properties'] as Record<string, JsonSchema>;
  const required = new Set(schema['required'] as string[]);
  const objectOf = (req: Set<string>, override: Record<string, Shape> = {}): Shape => ({
    object: Object.fromEntries(
      Object.entries(properties).map(([k, v]) => [
        k,
        { required: req.has(k), shape: override[k] ?? schemaShape(v) },
      ]),
    ),
  });
  // The one conditional the schemas use: `if role is one of R then these are required`.
  const conditional = (schema['allOf'] as JsonSchema[] | undefined)?.[0];
  if (!conditional) return objectOf(required);
  const [key, cond] = Object.entries(
    (conditional['if'] as { properties: Record<string, { enum: string[] }> }).properties,
  )[0] as [string, { enum: string[] }];
  const all = (properties[key] as { enum: string[] }).enum;
  const others = all.filter((v) => !cond.enum.includes(v));
  const thenRequired = (conditional['then'] as { required: string[] }).required;
  return {
    variants: [
      objectOf(new Set([...required, ...thenRequired]), { [key]: { literal: [...cond.enum] } }),
      objectOf(required, { [key]: { literal: others } }),
    ],
  };
}

// ------------------------------------------------------------------ one canonical form

/** Variants split per role value and sorted, so grouping (agent|monitor in one member) is moot. */
function canonical(shape: Shape): unknown {
  if ('variants' in shape) {
    return {
      variants: shape.variants
        .flatMap(splitOnLiterals)
        .map((v) => JSON.stringify(canonical(v)))
        .sort(),
    };
  }
  if ('object' in shape) {
    const keys = Object.keys(shape.object).sort();
    return Object.fromEntries(
      keys.map((k) => {
        const field = shape.object[k] as { required: boolean; shape: Shape };
        return [k, { required: field.required, shape: canonical(field.shape) }];
      }),
    );
  }
  return shape;
}

function splitOnLiterals(shape: Shape): Shape[] {
  if (!('object' in shape)) return [shape];
  const entry = Object.entries(shape.object).find(
    ([, f]) => 'literal' in f.shape && f.shape.literal.length > 1,
  );
  if (!entry) return [shape];
  const [key, field] = entry;
  return (field.shape as { literal: string[] }).literal.map((value) => ({
    object: { ...shape.object, [key]: { required: field.required, shape: { literal: [value] } } },
  }));
}

describe('the per-type notification types and the JSON Schemas', () => {
  const shapes = typeShapes(NOTIFICATION_TYPES);

  test.each(NOTIFICATION_TYPES.map((t) => [t]))(
    '%s: every field, its required-ness and its values agree',
    (type) => {
      const fromType = canonical(shapes.get(type) as Shape);
      const fromSchema = canonical(schemaShape(schemaFor(type as NotificationType)));
      expect(fromType).toEqual(fromSchema);
    },
  );

  test('the comparison sees a difference: ended is not held, wrapstarted is not disconnected', () => {
    const shape = (t: NotificationType) => canonical(shapes.get(t) as Shape);
    const schema = (t: NotificationType) => canonical(schemaShape(schemaFor(t)));
    // Same fields but for the type name: the types differ in `type` alone.
    expect(shape('channel.held.v0')).not.toEqual(schema('channel.held.v1'));
    const ended = shape('channel.ended.v0') as { data: { shape: Record<string, unknown> } };
    const held = schema('channel.held.v0') as { data: { shape: Record<string, unknown> } };
    expect(ended.data.shape['reason']).toEqual({ required: true, shape: { string: true } });
    expect(held.data.shape['reason']).toBeUndefined();
    const wrap = JSON.stringify(shape('channel.wrapstarted.v0'));
    expect(wrap).toContain('{"literal":["agent"]}');
    expect(wrap).not.toContain('external');
    expect(JSON.stringify(schema('channel.disconnected.v0'))).toContain('external');
  });
});

describe('a strict TypeScript file reading notifications (test/fixtures/notification-types.ts)', () => {
  const file = 'test/fixtures/notification-types.ts';

  function diagnostics(source: string): Array<{ line: number; text: string }> {
    const { program, sourceFile } = compile(file, source);
    return ts.getPreEmitDiagnostics(program, sourceFile).map((d) => ({
      line: sourceFile.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
      text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }));
  }

  const source = readFileSync(join(root, file), 'utf8');

  test('compiles with no error and no cast', () => {
    expect(source).not.toMatch(/\bas (string|unknown|any)\b|<string>/);
    expect(diagnostics(source)).toEqual([]);
  });

  test('each @ts-expect-error line is an error without its comment (misspelt types included)', () => {
    const lines = source.split('\n');
    const directive = /^\s*\/\/ @ts-expect-error/;
    const expected = lines.flatMap((l, i) => (directive.test(l) ? [i + 2] : []));
    expect(expected.length).toBeGreaterThanOrEqual(8);
    const stripped = lines.map((l) => (directive.test(l) ? '' : l)).join('\n');
    const errorLines = new Set(diagnostics(stripped).map((d) => d.line));
    for (const line of expected) expect([line, errorLines.has(line)]).toEqual([line, true]);
  });
});

describe('what the tighter types mean at run time', () => {
  test('a channel.wrapstarted on a customer channel fails its schema, naming the field', async () => {
    const { checkNotification } = await import('../generator/notifications/schema-validator.js');
    const { wrapStarted } = await import('../mocks/fixtures.js');
    const wrap = structuredClone(wrapStarted());
    expect(checkNotification(wrap).ok).toBe(true);
    (wrap.data.channel as { party: unknown }).party = { role: 'external' };
    const r = checkNotification(wrap);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors.join('\n')).toMatch(/data\.channel\.party/);
  });

  test('inbox.count() with a misspelt type throws with a did-you-mean (from JavaScript)', async () => {
    const { Inbox } = await import('../mocks/inbox.js');
    const count = new Inbox().count as (type: string) => number;
    expect(() => count.call(new Inbox(), 'channel.wrapstarted.v00')).toThrow(
      /channel\.wrapstarted\.v0/,
    );
    expect(new Inbox().count('channel.*')).toBe(0);
  });
});
