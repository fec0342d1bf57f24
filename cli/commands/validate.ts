import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import KSUID from 'ksuid';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { StreamChecker, type Violation } from '../../generator/analysis/stream-checker.js';
import { SimError } from '../../generator/errors.js';
import { looksLikeCapture } from '../capture-decoder.js';
import { EXIT } from '../cli-error.js';
import { ndjsonBatches, readEventBatches } from '../events-file.js';
import { jsonSummary } from '../json-summary.js';

function builder(y: Argv) {
  return y
    .positional('file', {
      type: 'string',
      describe:
        'A stream: NDJSON, a JSON array, a CloudEvents batch or a capture (receive --record); - for stdin',
      demandOption: true,
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print a JSON report instead of lines',
    })
    .option('max-violations', {
      type: 'number',
      default: 1000,
      describe: 'Print at most this many violations (all are counted)',
    })
    .example('$0 validate day.ndjson', 'Check a generated or captured stream')
    .example('cat capture.ndjson | $0 validate -', 'Read from stdin');
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

/** The KSUID package is the reference parser of ids. */
function ksuidTime(id: string): number | undefined {
  return KSUID.parse(id).date.getTime();
}

async function* lines(file: string): AsyncGenerator<string> {
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) yield line;
}

async function firstChar(file: string): Promise<{ char: string; line: string; text?: string }> {
  const stat = file === '-' ? undefined : statSync(file);
  if (stat?.isDirectory())
    throw new SimError('input', `${file} is a directory; give a stream file or - for stdin.`);
  if (!stat?.isFile()) {
    // stdin, a pipe or a device (/dev/stdin, a FIFO): read once, as it comes.
    const chunks: Buffer[] = [];
    for await (const c of stat ? createReadStream(file) : process.stdin) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return {
      char: text.trimStart()[0] ?? '',
      line: text.trimStart().split('\n', 1)[0] ?? '',
      text,
    };
  }
  for await (const line of lines(file)) {
    const t = line.trim();
    if (t) return { char: t[0] as string, line: t };
  }
  return { char: '', line: '' };
}

/**
 * A capture (`vcc-sim receive --record`): the events its requests carried, each checked with the
 * line of its request, through the reader every command shares.
 */
async function checkCapture(
  file: string,
  text: string | undefined,
  add: (e: unknown, line: number) => void,
): Promise<void> {
  const lines: number[] = [];
  const name = file === '-' ? 'stdin' : file;
  const source =
    text !== undefined
      ? ndjsonBatches([text], name, undefined, { lines })
      : readEventBatches(file, undefined, { lines });
  for await (const batch of source) {
    for (const [i, e] of batch.entries()) add(e, lines[i] ?? 0);
  }
}

async function handler(argv: Args): Promise<void> {
  // yargs reads a lone "-" as an empty string: that is stdin.
  const file = argv.file === '' ? '-' : (argv.file as string);
  const checker = new StreamChecker({ ksuidTime });
  const found: Violation[] = [];
  const note = (vs: Violation[]) => {
    for (const v of vs) if (found.length < argv.maxViolations) found.push(v);
  };
  const head = await firstChar(file);
  if (looksLikeCapture(head.line)) {
    await checkCapture(file, head.text, (e, line) => note(checker.add(e, line)));
  } else if (head.char === '[') {
    const text = head.text ?? readFileSync(file, 'utf8');
    let events: unknown;
    try {
      events = JSON.parse(text);
    } catch (err) {
      throw new SimError(
        'input',
        `Malformed JSON in ${file === '-' ? 'stdin' : file}: ${(err as Error).message}`,
      );
    }
    if (!Array.isArray(events))
      throw new SimError('input', `${file} holds JSON that is not an array of events.`);
    for (const [i, e] of events.entries()) note(checker.add(e, i + 1));
  } else if (head.text !== undefined) {
    for (const [i, l] of head.text.split('\n').entries()) {
      if (l.trim()) note(checker.addLine(l, i + 1));
    }
  } else {
    let n = 0;
    for await (const l of lines(file)) {
      n++;
      if (l.trim()) note(checker.addLine(l, n));
    }
  }
  note(checker.finish());
  const s = checker.summary;
  const name = file === '-' ? 'stdin' : file;
  if (s.events === 0) throw new SimError('input', `${name} holds no events.`);
  const exitCode = s.violations > 0 ? EXIT.failed : EXIT.ok;
  if (argv.json) {
    process.stdout.write(
      jsonSummary('validate', exitCode, { file: name, summary: s, violations: found }),
    );
  } else {
    for (const v of found.sort((a, b) => a.line - b.line))
      process.stdout.write(`${name}:${v.line}: [${v.rule}] ${v.message}\n`);
    if (s.violations > found.length)
      process.stdout.write(`... and ${s.violations - found.length} more violations\n`);
    process.stdout.write(
      `${s.violations === 0 ? 'ok' : 'FAILED'}: ${s.events} events (${s.valid} valid, ${s.invalid} invalid, ${s.duplicates} duplicates), ` +
        `${s.channels} channels, ${s.pairs} disconnected/wrapstarted pairs, ${s.violations} violations\n`,
    );
  }
  process.exitCode = exitCode;
}

/** `vcc-sim validate`: schemas and invariants over a stream. */
export const validateCommand: CommandModule<object, Args> = {
  command: 'validate <file>',
  describe: 'Check a stream against the schemas and the lifecycle invariants',
  builder: builder as never,
  handler,
};
