/**
 * The flat strings a pre-generated run holds in its SharedArrays: one element per block of about
 * `BLOCK_SENDS` sends of a team, in firing order (a pair never straddles two blocks). A block is a
 * header line, then one body per line (bodies are JSON, which never holds a raw newline). The
 * header is four tab-separated fields: the sends' times (simulated ms after the run's start,
 * comma-separated), one character per send (`2`: the first of a hang-up pair, the next send goes
 * out with it; `1` otherwise), one character per send naming its type (`0` + index), and the
 * block's types, space-separated. k6 copies an element out (`JSON.parse`) on every read, so a VU
 * reads once per block ({@link decodeBlock}); reading a send is then a few array and character
 * reads. Pure.
 */

/** Sends per SharedArray element: large enough that reading an element costs nothing per send. */
export const BLOCK_SENDS = 512;

/**
 * Collects sends into blocks, the elements of a team's SharedArray or the live feed's messages,
 * handed out as they fill ({@link take}).
 *
 * @example
 * const w = new BlockWriter();
 * w.add(0, 'channel.ended.v0', body, false);
 * const last = w.take(true); // the one block, with its one send
 */
export class BlockWriter {
  private readonly blocks: string[] = [];
  /** The first block {@link take} has not handed out. */
  private taken = 0;
  private relMs: number[] = [];
  private kinds = '';
  private typeIndex = '';
  private types: string[] = [];
  private bodies: string[] = [];

  /** @param sends the sends a block holds (one more when its last is a pair's first). */
  constructor(private readonly sends = BLOCK_SENDS) {}

  /** Adds one send; the second half of a pair must be the next one added. */
  add(relMs: number, type: string, body: string, pairFirst: boolean): void {
    let t = this.types.indexOf(type);
    if (t < 0) t = this.types.push(type) - 1;
    this.relMs.push(relMs);
    this.kinds += pairFirst ? '2' : '1';
    this.typeIndex += String.fromCharCode(48 + t);
    this.bodies.push(body);
    if (!pairFirst && this.bodies.length >= this.sends) this.flush();
  }

  /**
   * The oldest full block not taken yet (with `last`, the sends left as a last block), or
   * `undefined`: for a reader that hands blocks out as they fill. A block taken is let go.
   */
  take(last = false): string | undefined {
    if (last) this.flush();
    if (this.taken >= this.blocks.length) return undefined;
    const block = this.blocks[this.taken] as string;
    this.blocks[this.taken++] = '';
    if (this.taken === this.blocks.length) {
      this.blocks.length = 0;
      this.taken = 0;
    }
    return block;
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

/** One block decoded: its sends as parallel arrays, and the types they index. */
export interface Block {
  /** Simulated ms after the run's start, per send. */
  relMs: number[];
  /** Per send: `2` (char code 50) when it is the first of a hang-up pair, `1` otherwise. */
  kinds: string;
  /** Per send: its type as a character, `0` + the index into `types`. */
  typeIndex: string;
  types: string[];
  bodies: string[];
}

/**
 * Decodes one block (a SharedArray element): a few string operations for the whole block, so that
 * reading a send is an array read (the numbers are parsed in one `JSON.parse`, in Go under k6).
 */
export function decodeBlock(text: string): Block {
  const nl = text.indexOf('\n');
  const [relMs, kinds, typeIndex, types] = text.slice(0, nl).split('\t') as [
    string,
    string,
    string,
    string,
  ];
  return {
    relMs: JSON.parse(`[${relMs}]`) as number[],
    kinds,
    typeIndex,
    types: types.split(' '),
    bodies: text.slice(nl + 1).split('\n'),
  };
}
