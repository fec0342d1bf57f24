export type { ContentMode, SignatureCheck, SignatureFormat } from '../wire/index.js';
export {
  LatencyHistogram,
  payloadHash,
  SIGNATURE_HEADER,
  secretKey,
  signBody,
  verifySignature,
} from '../wire/index.js';
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
