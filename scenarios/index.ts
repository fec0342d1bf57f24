/**
 * vcc-event-sim/scenarios: named scenarios (a simulated center plus a delivery profile and
 * thresholds), importable from Node and k6.
 */
export { DEFAULT_RETRY, DEFAULT_SCENARIO, getScenario, SCENARIOS } from './catalog.js';
export type {
  Malformation,
  MalformationInfo,
  MalformedRequest,
  MalformedSigning,
  NextMalformed,
} from './malformations.js';
export {
  MALFORMATION_INFO,
  MALFORMATIONS,
  MalformationCycle,
  malformedNotification,
  malformRequest,
} from './malformations.js';
export type {
  ChaosProfile,
  DeliveryProfile,
  LoadProfile,
  Pace,
  RetryPolicy,
  Scenario,
  Thresholds,
} from './scenario.js';
