/**
 * The Node side of the k6 folder, for the CLI: the configuration `vcc-sim load` hands the k6
 * scripts, the limits it plans with, and how it reads their summaries. The k6 entry scripts
 * (`live.ts`, `replay.ts`) are bundled on their own and are not exported here.
 */
export type { LoadConfig, RateStage, SignatureFormat } from './load-config.js';
export {
  FEED_BLOCK_SENDS,
  FEED_END,
  FEED_NEXT,
  K6_METRICS,
  lineType,
  PREGENERATE_AUTO_MAX_EVENTS,
  PREGENERATE_AUTO_RATE,
  PREGENERATE_MAX_EVENTS,
  SAMPLE_TAGS,
} from './load-config.js';
export type { FaultTotals, K6SummaryData, LatencyTotals, LoadTotals } from './summary.js';
export { chaosExtras, mergeTotals, readSummary, summaryText } from './summary.js';
export { planEachQueueSize, TeamBlocks } from './team-blocks.js';
