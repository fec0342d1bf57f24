/** Types of scripts/ensure-k6.mjs (imported by the CLI to locate k6). */
export interface FoundK6 {
  path: string;
  version: string;
  source: 'VCC_SIM_K6' | 'PATH' | '.tools' | 'built';
}
export const K6_VERSION: string;
export const K6_MODULE: string;
export const K6_MIN_MAJOR: number;
export const INSTALL_HINT: string;
export function k6Version(bin: string): string | undefined;
export function findK6(options?: {
  root?: string;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
}): FoundK6 | undefined;
export function buildK6(options: { root: string; log?: (line: string) => void }): string;
export function ensureK6(options: { root: string; log?: (line: string) => void }): FoundK6;
