import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { progressAllowed } from './log.js';

const CHUNK = 64 * 1024;

/**
 * A sink that encodes text straight into 64 KiB buffers and writes whole buffers, honouring
 * backpressure: no per-line allocations beyond the text itself.
 */
export class BufferedSink {
  private buf = Buffer.allocUnsafe(CHUNK);
  private used = 0;

  constructor(private readonly stream: Writable) {}

  /** Opens a file (or stdout for undefined or "-"). */
  static open(path: string | undefined): BufferedSink {
    return new BufferedSink(path && path !== '-' ? createWriteStream(path) : process.stdout);
  }

  /** Adds text; resolves at once unless a full buffer had to wait for the stream. */
  async write(text: string): Promise<void> {
    if (this.used + text.length * 3 > CHUNK) {
      await this.flush();
      if (text.length * 3 > CHUNK) {
        if (!this.stream.write(text)) await once(this.stream, 'drain');
        return;
      }
    }
    this.used += this.buf.write(text, this.used);
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = this.buf.subarray(0, this.used);
    // The stream keeps the buffer until written: hand it over and start a new one.
    this.buf = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
    if (!this.stream.write(full)) await once(this.stream, 'drain');
  }

  /** Flushes and closes (stdout is flushed, not closed). */
  async close(): Promise<void> {
    await this.flush();
    if (this.stream === process.stdout) return;
    const done = once(this.stream, 'finish');
    this.stream.end();
    await done;
  }
}

/** A progress line on stderr, only when stderr is a terminal (and not `--quiet`). */
export class Progress {
  private last = 0;
  private readonly enabled: boolean;

  constructor(private readonly label: string) {
    this.enabled = progressAllowed();
  }

  /** `fraction` in [0, 1]; redraws at most 10 times a second. */
  update(fraction: number, detail: string): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.last < 100) return;
    this.last = now;
    const width = 30;
    const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
    process.stderr.write(
      `\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0)}% ${detail}\x1b[K`,
    );
  }

  done(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}
