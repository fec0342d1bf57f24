/**
 * The flat strings a pre-generated run (`vcc-sim load --pregenerate`) holds in its SharedArrays,
 * one send each: `<kind><ms>\t<type>\t<body>`, where kind is `2` for the first of a hang-up pair
 * (the next element is the other half, fired with it) and `1` otherwise, and ms is the send time
 * in simulated ms after the run's start. Pure.
 */

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
