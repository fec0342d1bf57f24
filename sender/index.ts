export type {
  DeliverOptions,
  DeliveryMode,
  DeliverySummary,
  EventOutcome,
  OutcomeKind,
} from './deliver.js';
export { deliver } from './deliver.js';
export { LatencyHistogram } from './latency.js';
export type { SignatureCheck, SignatureFormat } from './signature.js';
export {
  payloadHash,
  SIGNATURE_HEADER,
  secretKey,
  signBody,
  verifySignature,
} from './signature.js';
