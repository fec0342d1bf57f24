/**
 * `fire --ledger`: one NDJSON line per event (and per chaos request) with its outcome. Lines are
 * gathered into 64 KiB and written synchronously, so the ledger costs no memory whatever the run's
 * size, and a second Ctrl-C can flush it and quit at once.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const CHUNK = 64 * 1024;

/**
 * The ledger file of a run (nothing when no path is given).
 *
 * @example
 * const ledger = LedgerFile.open('ledger.ndjson'); // a bad path fails before anything is sent
 * ledger.write({ id, outcome: 'delivered' });
 * ledger.close();
 */
export class LedgerFile {
  /** Lines written (or waiting to be). */
  lines = 0;
  private pending = '';

  private constructor(private fd: number | undefined) {}

  /** Opens (truncates) the file now, so a bad path is an error before anything is sent. */
  static open(path: string | undefined): LedgerFile {
    return new LedgerFile(path !== undefined ? openSync(path, 'w') : undefined);
  }

  write(line: object): void {
    if (this.fd === undefined) return;
    this.lines++;
    this.pending += `${JSON.stringify(line)}\n`;
    if (this.pending.length >= CHUNK) this.flush();
  }

  /** Writes what is gathered. */
  flush(): void {
    if (this.fd === undefined || this.pending === '') return;
    writeSync(this.fd, this.pending);
    this.pending = '';
  }

  /** Flushes and closes the file (once). */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
  }
}
