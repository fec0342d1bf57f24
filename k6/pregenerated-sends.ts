/**
 * The flat strings a pre-generated run holds in its SharedArrays: one element per block of about
 * `BLOCK_SENDS` sends of a team, in firing order (a pair never straddles two blocks). A block is a
 * header line, then one body per line (bodies are JSON, which never holds a raw newline). The
 * header is four tab-separated fields: the sends' times (simulated ms after the run's start,
 * comma-separated), one character per send (`2`: the first of a hang-up pair, the next send goes
 * out with it; `1` otherwise), one character per send naming its type (`0` + index), and the
 * block's types, space-separated. k6 copies an element out (`JSON.parse`) on every read, so a VU
 * reads once per block; reading a send is then a few array and character reads. Pure.
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
 * Collects sends into blocks, the elements of a team's SharedArray.
 *
 * @example
 * const w = new BlockWriter();
 * w.add(0, 'channel.ended.v0', body, false);
 * new SharedArray('team-0', () => w.finish());
 */
export class BlockWriter {
  private readonly blocks: string[] = [];
  private relMs: number[] = [];
  private kinds = '';
  private typeIndex = '';
  private types: string[] = [];
  private bodies: string[] = [];

  /** Adds one send; the second half of a pair must be the next one added. */
  add(relMs: number, type: string, body: string, pairFirst: boolean): void {
    let t = this.types.indexOf(type);
    if (t < 0) t = this.types.push(type) - 1;
    this.relMs.push(relMs);
    this.kinds += pairFirst ? '2' : '1';
    this.typeIndex += String.fromCharCode(48 + t);
    this.bodies.push(body);
    if (!pairFirst && this.bodies.length >= BLOCK_SENDS) this.flush();
  }

  /** The blocks, in send order. */
  finish(): string[] {
    this.flush();
    return this.blocks;
  }

  private flush(): void {
    if (this.bodies.length === 0) return;
    const header = `${this.relMs.join(',')}\t${this.kinds}\t${this.typeIndex}\t${this.types.join(' ')}`;
    this.blocks.push(`${header}\n${this.bodies.join('\n')}`);
    this.relMs = [];
    this.kinds = '';
    this.typeIndex = '';
    this.types = [];
    this.bodies = [];
  }
}

/**
 * Reads the sends of a team's blocks in order, one block at a time.
 *
 * @example
 * const r = new BlockReader(sharedArray);
 * for (let s = r.next(into); s; s = r.next(into)) fire(s);
 */
export class BlockReader {
  private block = 0;
  private k = 0;
  private relMs: string[] = [];
  private kinds = '';
  private typeIndex = '';
  private types: string[] = [];
  private bodies: string[] = [];

  constructor(private readonly blocks: { readonly length: number; readonly [i: number]: string }) {}

  /** The next send decoded into `into`, or undefined after the last. */
  next(into: Send): Send | undefined {
    if (this.k >= this.bodies.length) {
      if (this.block >= this.blocks.length) return undefined;
      const text = this.blocks[this.block++] as string;
      const nl = text.indexOf('\n');
      const [relMs, kinds, typeIndex, types] = text.slice(0, nl).split('\t') as [
        string,
        string,
        string,
        string,
      ];
      this.relMs = relMs.split(',');
      this.kinds = kinds;
      this.typeIndex = typeIndex;
      this.types = types.split(' ');
      this.bodies = text.slice(nl + 1).split('\n');
      this.k = 0;
    }
    const k = this.k++;
    into.relMs = Number(this.relMs[k]);
    into.pairFirst = this.kinds.charCodeAt(k) === 50; // '2'
    into.type = this.types[this.typeIndex.charCodeAt(k) - 48] as string;
    into.body = this.bodies[k] as string;
    return into;
  }
}
