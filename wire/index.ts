/**
 * The HTTP face of VCC: how notifications travel (the CloudEvents content modes), how they are
 * signed (`Vonage-Signature`), and how the latency of an exchange is summarised. Shared by the
 * sender, the built-in receiver, the mocks and (file by file, where it runs there) k6.
 */
export type {
  CloudEventsRequest,
  ContentMode,
  ContentModeBinding,
  EnvelopeRejection,
  HeaderLookup,
} from './cloudevents.js';
export {
  BATCH_CONTENT_TYPE,
  CONTENT_MODES,
  readCloudEventsRequest,
  STRUCTURED_CONTENT_TYPE,
} from './cloudevents.js';
export type { LatencyPercentiles, LatencySummary } from './latency.js';
export { LatencyHistogram } from './latency.js';
export type { SignatureCheck, SignatureFormat } from './signature.js';
export {
  payloadHash,
  SIGNATURE_HEADER,
  SIGNATURE_JWT_HEADER,
  SIGNATURE_LIFETIME_S,
  secretKey,
  signatureHeaderValue,
  signatureToken,
  signBody,
  verifySignature,
} from './signature.js';
