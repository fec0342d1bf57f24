/**
 * A temporary folder for one run, removed when the run is done or, if the process ends first (a
 * second Ctrl-C exits at once, past a run's `finally`), at exit. A folder that cannot be removed
 * (a k6 killed mid-write) is left in the system's temporary folder rather than failing the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Makes the folder; `remove` removes it (once; later calls do nothing).
 *
 * @example
 * const temp = tempFolder('vcc-sim-load-');
 * try { writeFileSync(join(temp.dir, 'summary.json'), '{}'); } finally { temp.remove(); }
 */
export function tempFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => {
    process.off('exit', remove);
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // Left behind: the system's temporary folder, not an error of the run.
    }
  };
  process.once('exit', remove);
  return { dir, remove };
}
