/**
 * Runs a bundled k6 script as child processes: one, or N side by side on execution segments, each
 * writing its JSON summary; returns their exit codes and merged totals.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import {
  type K6SummaryData,
  type LoadConfig,
  type LoadTotals,
  mergeTotals,
  readSummary,
} from '../k6/index.js';
import { K6Log, type K6RequestError, mergeRequestErrors } from './k6-log.js';
import { fromSummaryExport } from './k6-summary-export.js';
import { pregeneratedTeams } from './pregeneration.js';
import { tempFolder } from './temp-folder.js';

/** How to run k6. */
export interface K6RunOptions {
  k6: string;
  script: string;
  config: LoadConfig;
  /** k6 instances side by side, each on its own execution segment. Default 1. */
  segments?: number;
  /** Write k6's web-dashboard HTML report here (one per instance when segmented). */
  report?: string;
  /** Show k6's progress (stderr is a terminal and a single instance runs). */
  progress?: boolean;
  /** `k6 run` flags of the user's (`--out json=FILE`, `--tag a=b`, ...), after ours. */
  k6Args?: readonly string[];
  /** Let k6 print its own end-of-test summary (to our stderr) as well. */
  k6Summary?: boolean;
  /** Told of each k6 process as it starts (to forward signals to it). */
  onSpawn?: (child: ChildProcess) => void;
  /** Where k6's log lines go, but its request failures (default: our stderr). */
  log?: (text: string) => void;
}

/** What the k6 instances did. */
export interface K6RunResult {
  /** Each instance's exit code. */
  codes: number[];
  /** Merged totals; undefined when no instance wrote a summary. */
  totals: LoadTotals | undefined;
  /** Instances that ended without a summary (k6 failed before the end of the test). */
  missing: number;
  /** The HTML reports written. */
  reports: string[];
  /** k6's "Request Failed" warnings, counted per error (most frequent first). */
  requestErrors: K6RequestError[];
}

/** `0,1/3,2/3,1` and the segment `i/3:(i+1)/3`. */
export function executionSegments(n: number): { sequence: string; segments: string[] } {
  const points = Array.from({ length: n + 1 }, (_, i) =>
    i === 0 ? '0' : i === n ? '1' : `${i}/${n}`,
  );
  return {
    sequence: points.join(','),
    segments: Array.from({ length: n }, (_, i) => `${points[i]}:${points[i + 1]}`),
  };
}

/** The report file of instance `i` of `n`: `report.html`, or `report.2of3.html`. */
export function reportPath(path: string, i: number, n: number): string {
  if (n === 1) return path;
  const m = /^(.*?)(\.html?)?$/i.exec(path) as RegExpExecArray;
  return `${m[1]}.${i + 1}of${n}${m[2] ?? '.html'}`;
}

/** Runs the instances and waits for all of them. */
export async function runK6(options: K6RunOptions): Promise<K6RunResult> {
  const n = options.segments ?? 1;
  const { dir, remove: removeDir } = tempFolder('vcc-sim-load-');
  const { sequence, segments } = executionSegments(n);
  const reports: string[] = [];
  try {
    const runs = segments.map((segment, i) => {
      const summaryFile = join(dir, `summary-${i}.json`);
      const config: LoadConfig = options.k6Summary
        ? { ...options.config, k6Summary: true }
        : { ...options.config, summaryFile };
      const ownTeams = n > 1 && config.pregenerate && config.teams !== undefined;
      if (ownTeams) {
        config.teams = pregeneratedTeams(config.teams as number[], n)[i] as number[];
        config.vus = Math.max(1, Math.min(Math.ceil(config.vus / n), config.teams.length));
      }
      const args = ['run', '--no-color'];
      if (!options.progress || n > 1) args.push('--quiet');
      if (n > 1 && !ownTeams)
        args.push('--execution-segment', segment, '--execution-segment-sequence', sequence);
      // k6 prints its own summary when handleSummary returns nothing; the data then comes from here.
      if (options.k6Summary) args.push('--summary-export', summaryFile);
      args.push(...(options.k6Args ?? []), options.script);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        VCC_SIM_CONFIG: JSON.stringify(config),
        K6_AUTO_EXTENSION_RESOLUTION: 'false',
        K6_NO_USAGE_REPORT: 'true',
      };
      delete env['VCC_SIM_CONFIG_FILE'];
      if (options.report) {
        const report = reportPath(options.report, i, n);
        reports.push(report);
        Object.assign(env, {
          K6_WEB_DASHBOARD: 'true',
          K6_WEB_DASHBOARD_EXPORT: report,
          K6_WEB_DASHBOARD_PORT: '-1',
          K6_WEB_DASHBOARD_OPEN: 'false',
          // A snapshot a second: a run of a few seconds still gets its charts.
          K6_WEB_DASHBOARD_PERIOD: '1s',
        });
      }
      const log = new K6Log(options.log ?? ((text) => process.stderr.write(text)));
      return new Promise<{ code: number; summaryFile: string; log: K6Log }>((resolve, reject) => {
        // k6's own output (progress, its summary) goes to our stderr: stdout carries only ours.
        // Its log is read line by line. Its own process group: a Ctrl-C at the terminal reaches
        // only us, and we hand k6 one signal (a second one would abort it without a summary).
        const child = spawn(options.k6, args, {
          stdio: ['ignore', 2, 'pipe'],
          env,
          detached: true,
        });
        child.stderr?.on('data', (d: Buffer) => log.push(d));
        child.on('error', reject);
        child.on('close', (code, signal) => {
          log.end();
          resolve({ code: code ?? signalExit(signal), summaryFile, log });
        });
        options.onSpawn?.(child);
      });
    });
    const done = await Promise.all(runs);
    const parts: LoadTotals[] = [];
    let missing = 0;
    for (const d of done) {
      if (!existsSync(d.summaryFile)) {
        missing++;
        continue;
      }
      const json = JSON.parse(readFileSync(d.summaryFile, 'utf8')) as K6SummaryData;
      const data = options.k6Summary ? fromSummaryExport(json as never) : json;
      parts.push(readSummary(data, options.config.types));
    }
    return {
      codes: done.map((d) => d.code),
      totals: parts.length > 0 ? mergeTotals(parts) : undefined,
      missing,
      reports: reports.filter((r) => existsSync(r)),
      requestErrors: mergeRequestErrors(done.map((d) => d.log.errors())),
    };
  } finally {
    removeDir();
  }
}

/** A process ended by a signal exits 128 + the signal's number, as a shell reports it. */
function signalExit(signal: NodeJS.Signals | null): number {
  return signal ? 128 + (constants.signals[signal] ?? 0) : 1;
}
