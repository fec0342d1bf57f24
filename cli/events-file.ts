import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { SimError } from '../generator/errors.js';
import type { Notification } from '../generator/notification.js';

function isEvent(x: unknown): x is Notification {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Reads a stream file (NDJSON, a JSON array or a CloudEvents batch) as notifications, in file
 * order. Every line must parse: a bad one is an error naming the line, never skipped.
 */
export async function* readEvents(
  file: string,
  check?: (event: Notification) => string | undefined,
): AsyncGenerator<Notification> {
  const verify = (e: Notification, where: string) => {
    const problem = check?.(e);
    if (problem) throw new SimError('input', `${where}: not a valid notification (${problem}).`);
  };
  if (statSync(file).isDirectory())
    throw new SimError('input', `${file} is a directory; give an events file.`);
  const fd = createReadStream(file, { encoding: 'utf8', start: 0, end: 4095 });
  let head = '';
  for await (const chunk of fd) head += chunk as string;
  if (head.trimStart().startsWith('[')) {
    let events: unknown;
    try {
      events = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new SimError('input', `Malformed JSON in ${file}: ${(err as Error).message}`);
    }
    if (!Array.isArray(events))
      throw new SimError('input', `${file} holds JSON that is not an array of events.`);
    for (const [i, e] of events.entries()) {
      if (!isEvent(e))
        throw new SimError('input', `${file}: element ${i + 1} is not an event object.`);
      verify(e, `${file}: element ${i + 1}`);
      yield e;
    }
    return;
  }
  const rl = createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (!text.trim()) continue;
    let e: unknown;
    try {
      e = JSON.parse(text);
    } catch (err) {
      throw new SimError('input', `${file}:${line}: not JSON (${(err as Error).message}).`);
    }
    if (!isEvent(e)) throw new SimError('input', `${file}:${line}: not an event object.`);
    verify(e, `${file}:${line}`);
    yield e;
  }
}
