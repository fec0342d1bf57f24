export type {
  DeliverOptions,
  DeliveryMode,
  DeliverySummary,
  EventOutcome,
  FaultKind,
  FaultReport,
  OutcomeKind,
  ProbeOutcome,
} from './deliver.js';
export { deliver } from './deliver.js';
export type { HandshakeResult } from './handshake.js';
export { handshake } from './handshake.js';
export { LatencyHistogram } from './latency.js';
export type { SignatureCheck, SignatureFormat } from './signature.js';
export {
  payloadHash,
  SIGNATURE_HEADER,
  secretKey,
  signBody,
  verifySignature,
} from './signature.js';
