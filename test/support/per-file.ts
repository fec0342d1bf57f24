/**
 * Runs before every test file of the `unit`, `model` and `process` projects. They share one module
 * cache per worker between files (`isolate: false` in vitest.config.ts: modules are loaded once,
 * not once per file), so the little module state a test can see is put back here as a fresh load
 * would leave it:
 * the fixtures' id sequence (mocks/fixtures.ts) starts again. The other module-level values of the
 * sources are caches of pure results (time prefixes, compiled schemas, staffing memos).
 */
import { resetFixtures } from '../../mocks/fixtures.js';

resetFixtures();
