/** Fast parsing of the ISO 8601 UTC timestamps of a stream, for the report. */

const TICKS_PER_MS = 10_000;

/** Place values of the fraction's digits: three of ms, then four of 100 ns ticks. */
const FRACTION_PLACES = [100, 10, 1, 1000, 100, 10, 1];

/** The digit 0-9 at `i` of `text`, or -1 when it is not an ASCII digit. */
function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/**
 * Parses ISO 8601 UTC timestamps, `YYYY-MM-DDTHH:MM:SS` then `Z` or `.` 1 to 9 digits `Z`, to ms
 * (fraction in 100 ns ticks; digits past the seventh ignored), without a regex or a substring:
 * the day's part is cached, since a stream's timestamps share it. One instance per stream of
 * timestamps (send time, event time), so neither evicts the other's day.
 */
export class IsoMsParser {
  private day = '';
  private dayMs = 0;

  parse(text: unknown): number | undefined {
    if (typeof text !== 'string' || text.length < 20) return undefined;
    if (this.day === '' || !text.startsWith(this.day)) {
      const y = fixedDigits(text, 0, 4);
      const mo = fixedDigits(text, 5, 2);
      const d = fixedDigits(text, 8, 2);
      if (y < 0 || mo < 0 || d < 0 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T')
        return undefined;
      this.dayMs = Date.UTC(y, mo - 1, d);
      this.day = text.slice(0, 11);
    }
    const h = fixedDigits(text, 11, 2);
    const mi = fixedDigits(text, 14, 2);
    const s = fixedDigits(text, 17, 2);
    if (h < 0 || mi < 0 || s < 0 || text[13] !== ':' || text[16] !== ':') return undefined;
    // Exactly Date.UTC(y, mo - 1, d, h, mi, s): whole ms, summed as the spec's MakeTime does.
    const secondMs = this.dayMs + (h * 3_600_000 + mi * 60_000 + s * 1000);
    const last = text.length - 1;
    if (text.charCodeAt(last) !== 90 /* Z */) return undefined;
    if (last === 19) return secondMs;
    const digits = last - 20;
    if (text.charCodeAt(19) !== 46 /* . */ || digits < 1 || digits > 9) return undefined;
    let ms = 0;
    let ticks = 0;
    for (let i = 0; i < digits; i++) {
      const v = digitAt(text, 20 + i);
      if (v < 0) return undefined;
      if (i < 3) ms += v * (FRACTION_PLACES[i] as number);
      else if (i < 7) ticks += v * (FRACTION_PLACES[i] as number);
    }
    return secondMs + ms + ticks / TICKS_PER_MS;
  }
}

/** The number of `count` ASCII digits at `from`, or -1 when any is not a digit. */
function fixedDigits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const v = digitAt(text, i);
    if (v < 0) return -1;
    n = n * 10 + v;
  }
  return n;
}
