export type { ContentMode, SignatureCheck, SignatureFormat } from '../wire/index.js';
export {
  LatencyHistogram,
  payloadHash,
  SIGNATURE_HEADER,
  secretKey,
  signBody,
  verifySignature,
} from '../wire/index.js';
export { deliver } from './deliver.js';
export type {
  DeliveryProgress,
  DeliverySummary,
  EventOutcome,
  OutcomeKind,
} from './delivery-ledger.js';
export type { DeliverOptions, DeliveryMode } from './delivery-options.js';
export { checkDeliverOptions } from './delivery-options.js';
export type { FaultKind, FaultReport, ProbeOutcome } from './fault-report.js';
export type { HandshakeResult } from './handshake.js';
export { handshake } from './handshake.js';
export type { HttpEngine } from './transport.js';
