/** Types of scripts/ensure-k6.mjs: it re-exports the build of cli/k6-binary.ts from dist/. */
export type { FoundK6 } from '../cli/k6-binary.js';
export {
  buildK6,
  ensureK6,
  findK6,
  INSTALL_HINT,
  K6_MIN_MAJOR,
  K6_MODULE,
  K6_VERSION,
  k6Version,
} from '../cli/k6-binary.js';
