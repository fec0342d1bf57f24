/**
 * k6's `--summary-export` file (the end-of-test data in k6's older flat JSON shape) read back into
 * the shape `handleSummary` receives. `vcc-sim load --k6-summary` uses it: for k6 to print its own
 * summary, the script's `handleSummary` returns nothing, so the data comes from the export. Pure.
 */
import type { K6SummaryData } from '../k6/index.js';

/** One metric of the export: its values flat, thresholds as `expression: failed`. */
interface ExportedMetric {
  [value: string]: number | Record<string, boolean> | undefined;
  thresholds?: Record<string, boolean>;
}

/** The part of the export that is read. */
export interface K6SummaryExport {
  metrics: Record<string, ExportedMetric>;
}

/**
 * The export's metrics as `handleSummary` data: values under `values`, a rate's `value` as `rate`,
 * thresholds as `{ ok }` (the export stores whether each failed). The export carries no run
 * duration: it is taken from `http_reqs` (count over rate), else 0.
 *
 * @example
 * fromSummaryExport({ metrics: { http_reqs: { count: 10, rate: 5 } } }).state // { testRunDurationMs: 2000 }
 */
export function fromSummaryExport(exported: K6SummaryExport): K6SummaryData {
  const metrics: K6SummaryData['metrics'] = {};
  for (const [name, metric] of Object.entries(exported.metrics)) {
    const values: Record<string, number> = {};
    let rateMetric = false;
    for (const [k, v] of Object.entries(metric)) {
      if (typeof v !== 'number') continue;
      if (k === 'value') rateMetric = true;
      values[k === 'value' ? 'rate' : k] = v;
    }
    const thresholds = metric.thresholds
      ? Object.fromEntries(
          Object.entries(metric.thresholds).map(([e, failed]) => [e, { ok: !failed }]),
        )
      : undefined;
    metrics[name] = {
      ...(rateMetric ? { type: 'rate' } : {}),
      values,
      ...(thresholds ? { thresholds } : {}),
    };
  }
  const reqs = metrics['http_reqs']?.values;
  const durationMs =
    reqs && (reqs['rate'] ?? 0) > 0 ? ((reqs['count'] ?? 0) / (reqs['rate'] as number)) * 1000 : 0;
  return { metrics, state: { testRunDurationMs: durationMs } };
}
