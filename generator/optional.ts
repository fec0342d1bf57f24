/**
 * Option objects as callers under `exactOptionalPropertyTypes` write them: an optional property
 * may be given as `undefined` (`{ secret: process.env.SECRET }`), which means "not given".
 */

/**
 * `T` with every optional property also accepting an explicit `undefined` (required ones as they
 * are), for TypeScript's `exactOptionalPropertyTypes`.
 *
 * @example
 * type Options = UndefinedAllowed<{ url: string; secret?: string }>; // { url: string; secret?: string | undefined }
 */
export type UndefinedAllowed<T> = {
  [K in keyof T]: Record<never, never> extends Pick<T, K> ? T[K] | undefined : T[K];
};

/**
 * A copy of `o` without the properties given as `undefined`, so that spreading it over defaults
 * keeps the defaults (`{ ...defaults, ...definedOnly(o) }`).
 *
 * @example
 * definedOnly({ agents: undefined, seed: 7 }) // { seed: 7 }
 */
export function definedOnly<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]: Exclude<T[K], undefined> };
}
