/**
 * The flat strings a pre-generated run holds in its SharedArrays. One send is a line
 * `<kind><ms>\t<type>\t<body>`, where kind is `2` for the first of a hang-up pair (the next line is
 * the other half, fired with it) and `1` otherwise, and ms is the send time in simulated ms after
 * the run's start. Lines are joined by `\n` into blocks of about `BLOCK_SENDS` (a pair never
 * straddles two), one SharedArray element each: k6 copies an element out (`JSON.parse`) on every
 * read, so a VU reads once per block instead of once per send. Bodies are JSON, which never holds
 * a raw newline. Pure.
 */

/** Sends per SharedArray element: large enough that reading an element costs nothing per send. */
export const BLOCK_SENDS = 512;

/** One decoded send; reused between sends, so read it before decoding the next. */
export interface Send {
  /** Simulated ms after the run's start. */
  relMs: number;
  /** The first of a hang-up pair: the next send goes out with it. */
  pairFirst: boolean;
  type: string;
  body: string;
}

/**
 * One send as a flat string.
 *
 * @example
 * encodeSend(1500, 'channel.ended.v0', body, false) // '11500\tchannel.ended.v0\t{...}'
 */
export function encodeSend(relMs: number, type: string, body: string, pairFirst: boolean): string {
  return `${pairFirst ? '2' : '1'}${relMs}\t${type}\t${body}`;
}

/**
 * Reads a send into `into` (and returns it).
 *
 * @example
 * const send = decodeSend(line, { relMs: 0, pairFirst: false, type: '', body: '' });
 */
export function decodeSend(line: string, into: Send): Send {
  const a = line.indexOf('\t');
  const b = line.indexOf('\t', a + 1);
  into.pairFirst = line.charCodeAt(0) === 50; // '2'
  into.relMs = Number(line.slice(1, a));
  into.type = line.slice(a + 1, b);
  into.body = line.slice(b + 1);
  return into;
}

/**
 * Collects sends into blocks, the elements of a team's SharedArray.
 *
 * @example
 * const w = new BlockWriter();
 * w.add(0, 'channel.ended.v0', body, false);
 * new SharedArray('team-0', () => w.finish());
 */
export class BlockWriter {
  private readonly blocks: string[] = [];
  private lines: string[] = [];

  /** Adds one send; the second half of a pair must be the next one added. */
  add(relMs: number, type: string, body: string, pairFirst: boolean): void {
    this.lines.push(encodeSend(relMs, type, body, pairFirst));
    if (!pairFirst && this.lines.length >= BLOCK_SENDS) this.flush();
  }

  /** The blocks, in send order. */
  finish(): string[] {
    this.flush();
    return this.blocks;
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    this.blocks.push(this.lines.join('\n'));
    this.lines = [];
  }
}

/**
 * Reads the sends of a team's blocks in order, one block's lines at a time.
 *
 * @example
 * const r = new BlockReader(sharedArray);
 * for (let s = r.next(into); s; s = r.next(into)) fire(s);
 */
export class BlockReader {
  private block = 0;
  private lines: string[] = [];
  private line = 0;

  constructor(private readonly blocks: { readonly length: number; readonly [i: number]: string }) {}

  /** The next send decoded into `into`, or undefined after the last. */
  next(into: Send): Send | undefined {
    if (this.line >= this.lines.length) {
      if (this.block >= this.blocks.length) return undefined;
      this.lines = (this.blocks[this.block++] as string).split('\n');
      this.line = 0;
    }
    return decodeSend(this.lines[this.line++] as string, into);
  }
}
