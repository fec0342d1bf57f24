/**
 * The one shape of every command's `--json`: `command`, `ok` and `exitCode` first, then the
 * command's own fields. `ok` is `exitCode === 0`.
 *
 * @example
 * jsonSummary('validate', 0, { file: 'day.ndjson' })
 * // '{\n  "command": "validate",\n  "ok": true,\n  "exitCode": 0,\n  "file": "day.ndjson"\n}\n'
 */
export function jsonSummary(
  command: string,
  exitCode: number,
  fields: object,
  layout: 'indented' | 'line' = 'indented',
): string {
  const summary = { command, ok: exitCode === 0, exitCode, ...fields };
  return `${JSON.stringify(summary, null, layout === 'line' ? undefined : 2)}\n`;
}

/**
 * What `vcc-sim scenarios show NAME --json` printed: the scenario inside its summary. A scenario
 * file may be either that or the scenario alone.
 */
export function unwrapScenarioSummary(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const v = value as { command?: unknown; scenario?: unknown };
  return v.command === 'scenarios' && typeof v.scenario === 'object' ? v.scenario : value;
}
