/**
 * `vcc-sim check`'s outputs besides the page: the table for people, the `--json` fields and the
 * JUnit XML for CI (one test case per check).
 */
import type { CapacityResult, CheckReport, CheckResult, Exchange } from '../check/index.js';

const int = (n: number) => n.toLocaleString('en-US');

/** The capacity in one line: the rate, what limited it, the center it covers. */
export function capacityLine(c: CapacityResult): string {
  const rate = {
    sender: `at least ${int(c.sustainedPerSecond)} notifications/s (the ramp stopped near the sender's ceiling, ${int(c.senderPerSecond)}/s measured alone on this machine; scale out with --segments or the k6-operator)`,
    time: `at least ${int(c.sustainedPerSecond)} notifications/s (the ramp's time ran out first: give it more with --capacity-time)`,
    receiver: `${int(c.sustainedPerSecond)} notifications/s sustained (limited by the receiver; the sender reached ${int(c.senderPerSecond)}/s here)`,
  }[c.limitedBy];
  return `capacity: ${rate}: a center of about ${int(c.agents.peakSecond)} agents at its peak second, ${int(c.agents.busiest15m)} over its busiest 15 minutes`;
}

/** One line of evidence for the table: the summary, cut to fit. */
function evidenceLine(r: CheckResult, width: number): string {
  return r.summary.length > width ? `${r.summary.slice(0, width - 1)}…` : r.summary;
}

/**
 * The table: id, verdict, one line of evidence per check, then the capacity line and the count.
 *
 * @example
 * process.stdout.write(checkTable(report, false, 120));
 */
export function checkTable(report: CheckReport, strict: boolean, columns: number): string {
  const idWidth = Math.max(2, ...report.checks.map((c) => c.id.length));
  const width = Math.max(40, columns - idWidth - 10);
  const rows = report.checks.map(
    (c) =>
      `${c.id.padEnd(idWidth)}  ${c.verdict.toUpperCase().padEnd(5)}  ${evidenceLine(c, width)}`,
  );
  const count = (v: string) => report.checks.filter((c) => c.verdict === v).length;
  const lines = [
    `${'check'.padEnd(idWidth)}  ${'    '.padEnd(5)}  ${report.target}`,
    ...rows,
    ...(report.diagnosis ? [`diagnosis: ${report.diagnosis}`] : []),
    ...(report.capacity ? [capacityLine(report.capacity)] : []),
    `${count('pass')} passed, ${count('fail')} failed, ${count('warn')} warned${strict && count('warn') > 0 ? ' (--strict: warnings fail)' : ''}, ${count('skip')} skipped in ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The `--json` fields after `command`, `ok` and `exitCode`. */
export function checkJson(report: CheckReport, strict: boolean) {
  return {
    target: report.target,
    strict,
    durationMs: report.durationMs,
    failed: report.failed,
    warned: report.warned,
    checks: report.checks.map((c) => ({
      id: c.id,
      verdict: c.verdict,
      summary: c.summary,
      durationMs: c.durationMs,
      evidence: c.evidence,
    })),
    capacity: report.capacity ?? null,
    diagnosis: report.diagnosis ?? null,
  };
}

/** Control characters XML 1.0 cannot hold (all below 0x20 but tab, newline, carriage return). */
const CONTROL = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(8)}${String.fromCharCode(11, 12)}${String.fromCharCode(14)}-${String.fromCharCode(31)}]`,
  'g',
);

const xml = (s: string) =>
  s
    .replace(
      /[&<>"]/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string,
    )
    // XML 1.0 has no place for most control characters.
    .replace(CONTROL, '');

function exchangeLine(x: Exchange): string {
  const answer =
    x.status !== undefined ? `${x.status} in ${x.ms} ms` : `${x.error ?? 'no answer'} (${x.ms} ms)`;
  return `${x.verdict ?? ''} ${x.probe}: sent ${x.sent}; got ${answer}`.trim();
}

function testCase(c: CheckResult, strict: boolean): string {
  const time = ((c.durationMs ?? 0) / 1000).toFixed(3);
  const evidence = xml(c.evidence.map(exchangeLine).join('\n'));
  const open = `    <testcase classname="vcc-sim.check" name="${c.id}" time="${time}">`;
  const failing = c.verdict === 'fail' || (strict && c.verdict === 'warn');
  const body = failing
    ? `      <failure type="${c.verdict}" message="${xml(c.summary)}">${evidence}</failure>`
    : c.verdict === 'skip'
      ? `      <skipped message="${xml(c.summary)}"/>`
      : `      <system-out>${xml(`${c.verdict}: ${c.summary}`)}${evidence ? `\n${evidence}` : ''}</system-out>`;
  return `${open}\n${body}\n    </testcase>`;
}

/**
 * The run as JUnit XML: one suite, one test case per check; a failed check (a warned one too
 * with `--strict`) is a `<failure>`, a skipped one `<skipped>`, the evidence in the body.
 *
 * @example
 * writeFileSync('check.xml', checkJunit(report, false, new Date()));
 */
export function checkJunit(report: CheckReport, strict: boolean, at: Date): string {
  const checks = report.checks;
  const failures = checks.filter(
    (c) => c.verdict === 'fail' || (strict && c.verdict === 'warn'),
  ).length;
  const skipped = checks.filter((c) => c.verdict === 'skip').length;
  const time = (report.durationMs / 1000).toFixed(3);
  const name = xml(`vcc-sim check ${report.target}`);
  const counts = `tests="${checks.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}"`;
  const properties = report.capacity
    ? `    <properties>\n${Object.entries({
        'capacity.sustainedPerSecond': report.capacity.sustainedPerSecond,
        'capacity.limitedBy': report.capacity.limitedBy,
        'capacity.agents.peakSecond': report.capacity.agents.peakSecond,
        'capacity.agents.busiest15m': report.capacity.agents.busiest15m,
      })
        .map(([k, v]) => `      <property name="${k}" value="${xml(String(v))}"/>`)
        .join('\n')}\n    </properties>\n`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="vcc-sim check" ${counts}>
  <testsuite name="${name}" ${counts} timestamp="${at.toISOString().slice(0, 19)}">
${properties}${checks.map((c) => testCase(c, strict)).join('\n')}
  </testsuite>
</testsuites>
`;
}
