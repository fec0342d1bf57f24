import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

/** A sink that batches writes into large chunks and honours backpressure. */
export class BufferedSink {
  private parts: string[] = [];
  private size = 0;
  private readonly highWater = 64 * 1024;

  constructor(private readonly stream: Writable) {}

  /** Opens a file (or stdout for undefined or "-"). */
  static open(path: string | undefined): BufferedSink {
    return new BufferedSink(path && path !== '-' ? createWriteStream(path) : process.stdout);
  }

  /** Adds text; resolves at once unless the stream is full. */
  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.highWater) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
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

/** A progress line on stderr, only when stderr is a terminal. */
export class Progress {
  private last = 0;
  private readonly enabled: boolean;

  constructor(private readonly label: string) {
    this.enabled = Boolean(process.stderr.isTTY);
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
