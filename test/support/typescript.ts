/**
 * TypeScript 5.9's in-process API (`typescript-api`; docs/architecture.md says why not 7's), loaded
 * with `require`: imported as an ES module, Node first scans its 9 MB of CommonJS for the names it
 * exports, which doubled the cost of loading it in each test worker that reads it. Its types come
 * from `import type TS from 'typescript-api'`.
 */
import { createRequire } from 'node:module';
import type TS from 'typescript-api';

export const ts = createRequire(import.meta.url)('typescript-api') as typeof TS;
