/**
 * Where `vcc-sim load` finds k6: $VCC_SIM_K6, a supported `k6` on PATH, the pinned build in
 * .tools/bin, or (with Go) a build of the pinned release made now. k6 is AGPL-3.0 and runs as a
 * separate program: it is never linked into or shipped with this package.
 */

import { SimError } from '../generator/errors.js';
import { ensureK6, type FoundK6 } from '../scripts/ensure-k6.mjs';
import { packageRoot } from './package-root.js';

/** Finds (or builds) k6; a {@link SimError} saying how to install it when there is none. */
export function locateK6(): FoundK6 {
  try {
    return ensureK6({ root: packageRoot(), log: (line) => process.stderr.write(`${line}\n`) });
  } catch (err) {
    throw new SimError('k6-missing', (err as Error).message);
  }
}
