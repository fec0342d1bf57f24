/**
 * vcc-event-sim/check: the conformance suite of `vcc-sim check`, for a receiver's own tests.
 * `checkReceiver()` runs it against a URL or, with no port, a node:http/Express handler.
 */
export { cannotConnect, connectError } from './preflight.js';
export type { CheckOptions } from './suite.js';
export { checkReceiver, selectChecks } from './suite.js';
export { isLoopback, type RequestListener } from './target.js';
export type {
  CapacityResult,
  CapacityStep,
  CheckId,
  CheckReport,
  CheckResult,
  Exchange,
  Verdict,
} from './types.js';
export { CHECK_IDS } from './types.js';
