import { randomBytes } from 'node:crypto';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { Notification } from '../../generator/notifications/notification.js';
import { parseUtc } from '../../generator/notifications/time-format.js';
import { Anonymiser, weeksShift } from '../anonymiser.js';
import { ndjsonBatches, readEventBatches } from '../events-file.js';
import { flagError } from '../flag-checks.js';
import { info } from '../log.js';

function builder(y: Argv) {
  return y
    .positional('file', {
      type: 'string',
      describe:
        'A capture (receive --record) or a stream (NDJSON, JSON array or batch); - for stdin',
      demandOption: true,
    })
    .option('key', {
      type: 'string',
      describe:
        "The pseudonyms' key: the same key gives the same pseudonyms (across files too); keep it secret",
      defaultDescription: 'a random key each run',
    })
    .option('shift-to', {
      type: 'string',
      describe:
        'Move the stream by whole weeks (weekdays and hours kept) to start nearest this ISO time',
    })
    .example('$0 anonymise capture.ndjson --key "$KEY" > shareable.ndjson', 'Safe to share')
    .example(
      '$0 anonymise capture.ndjson --shift-to 2026-01-05T00:00:00Z > jan.ndjson',
      'The same weekdays and hours, in another week',
    );
}

type Args = ArgumentsCamelCase<ReturnType<typeof builder> extends Argv<infer A> ? A : never>;

/** `--shift-to`'s time in ms, checked (a usage error naming the flag). */
function shiftTarget(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms =
    /\d{4}-\d{2}-\d{2}/.test(text) && /(Z|[+-]\d{2}:?\d{2})$/.test(text)
      ? Date.parse(text)
      : Number.NaN;
  if (Number.isNaN(ms))
    throw flagError(
      'shift-to',
      text,
      'give an ISO 8601 time with a zone, e.g. 2026-01-05T00:00:00Z',
    );
  return ms;
}

async function handler(argv: Args): Promise<void> {
  const file = argv.file === '' ? '-' : (argv.file as string);
  if (argv.key !== undefined && argv.key.trim() === '')
    throw flagError('key', argv.key, 'give a key (any text), or none for a random one');
  const to = shiftTarget(argv.shiftTo);
  const key = argv.key ?? randomBytes(32);
  const source = file === '-' ? ndjsonBatches(process.stdin, 'stdin') : readEventBatches(file);
  let anonymiser: Anonymiser | undefined;
  let read = 0;
  let written = 0;
  for await (const batch of source) {
    let out = '';
    for (const e of batch) {
      read++;
      anonymiser ??= new Anonymiser(key, to === undefined ? 0 : weeksShift(firstMs(e), to));
      const a = anonymiser.event(e);
      if (a === undefined) continue;
      out += `${JSON.stringify(a)}\n`;
      written++;
    }
    if (out && !process.stdout.write(out))
      await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
  const shift = anonymiser ? weeksOf(anonymiser, to) : '';
  info(
    `vcc-sim anonymise: ${written} of ${read} events written${shift}; ${argv.key === undefined ? 'a random key (another run gives other pseudonyms; --key keeps them)' : 'pseudonyms of the key given'}`,
  );
  for (const note of anonymiser?.notes() ?? []) info(`vcc-sim anonymise: ${note}`);
}

/** The first event's send time (the stream's start, for `--shift-to`), in ms. */
function firstMs(e: Notification): number {
  const t = typeof e.time === 'string' ? parseUtc(e.time) : undefined;
  return t?.ms ?? 0;
}

function weeksOf(a: Anonymiser, to: number | undefined): string {
  if (to === undefined) return '';
  const weeks = a.shiftMs / (7 * 86_400_000);
  return `, moved ${weeks >= 0 ? '+' : ''}${weeks} weeks`;
}

/** `vcc-sim anonymise`: a capture or stream made safe to share, its KPIs unchanged. */
export const anonymiseCommand: CommandModule<object, Args> = {
  command: 'anonymise <file>',
  describe:
    'Pseudonymise a capture or stream (keyed, consistent ids; schema fields only; KPIs unchanged)',
  builder: builder as never,
  handler,
};
