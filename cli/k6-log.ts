/**
 * k6's log (its stderr) as `vcc-sim load` shows it: every line passes through, except k6's
 * per-request "Request Failed" warnings, which are counted per error (with the first line of each)
 * and summarised once at the end. A target that is down would otherwise print one line per request.
 */

/** One kind of request error k6 logged: how often, and the first line that said it. */
export interface K6RequestError {
  /** k6's `error` field, e.g. `Post "http://127.0.0.1:1/webhook": dial tcp ...: connection refused`. */
  error: string;
  count: number;
  /** The first log line with this error, as k6 wrote it. */
  first: string;
}

const REQUEST_FAILED = /\bmsg="Request Failed"/;
const ERROR_FIELD = /\berror="((?:[^"\\]|\\.)*)"/;

/**
 * Splits k6's stderr into lines, passes the others to `write` as they come and counts the
 * request failures.
 *
 * @example
 * const log = new K6Log((line) => process.stderr.write(line));
 * child.stderr.on('data', (d) => log.push(d));
 * child.on('close', () => log.end());
 * log.errors(); // [{ error: 'Post "...": dial tcp ...: connection refused', count: 120, first: '...' }]
 */
export class K6Log {
  private rest = '';
  private readonly byError = new Map<string, K6RequestError>();

  constructor(private readonly write: (text: string) => void) {}

  /** A chunk of k6's stderr. */
  push(chunk: string | Buffer): void {
    const text = this.rest + String(chunk);
    const lines = text.split('\n');
    this.rest = lines.pop() as string;
    let out = '';
    for (const line of lines) if (!this.counted(line)) out += `${line}\n`;
    if (out) this.write(out);
  }

  /** The stream ended: a last line without a newline. */
  end(): void {
    if (this.rest && !this.counted(this.rest)) this.write(`${this.rest}\n`);
    this.rest = '';
  }

  /** The request errors, most frequent first. */
  errors(): K6RequestError[] {
    return [...this.byError.values()].sort((a, b) => b.count - a.count);
  }

  private counted(line: string): boolean {
    if (!REQUEST_FAILED.test(line)) return false;
    const m = ERROR_FIELD.exec(line);
    const error = m ? (m[1] as string).replace(/\\"/g, '"').replace(/\\\\/g, '\\') : 'unknown';
    const seen = this.byError.get(error);
    if (seen) seen.count++;
    else this.byError.set(error, { error, count: 1, first: line });
    return true;
  }
}

/**
 * Merges the request errors of several k6 instances.
 *
 * @example
 * mergeRequestErrors([a.errors(), b.errors()])
 */
export function mergeRequestErrors(parts: readonly K6RequestError[][]): K6RequestError[] {
  const all = new Map<string, K6RequestError>();
  for (const part of parts)
    for (const e of part) {
      const seen = all.get(e.error);
      if (seen) seen.count += e.count;
      else all.set(e.error, { ...e });
    }
  return [...all.values()].sort((a, b) => b.count - a.count);
}

/**
 * The request errors as lines for the summary: each error with its count, at most `max` kinds.
 *
 * @example
 * requestErrorsText([{ error: 'Post "http://127.0.0.1:1/webhook": ... connection refused', count: 12, first }])
 * // '  request errors (k6 logged them; not shown one by one):\n    12 x Post "http://127.0.0.1:1/webhook": ... connection refused\n'
 */
export function requestErrorsText(errors: readonly K6RequestError[], max = 5): string {
  if (errors.length === 0) return '';
  const lines = errors
    .slice(0, max)
    .map((e) => `    ${e.count.toLocaleString('en')} x ${e.error}\n`)
    .join('');
  const more =
    errors.length > max
      ? `    ... and ${errors.length - max} other errors (${errors
          .slice(max)
          .reduce((n, e) => n + e.count, 0)
          .toLocaleString('en')} requests); --json lists them all\n`
      : '';
  return `  request errors (k6's "Request Failed" warnings, counted instead of shown one by one):\n${lines}${more}`;
}
