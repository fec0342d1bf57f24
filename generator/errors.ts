/**
 * Codes of the errors the library throws. The CLI maps `usage` and `config` errors to exit code 2.
 *
 * @example
 * if (error instanceof SimError && error.code === 'unknown-type') suggestTypes();
 */
export type SimErrorCode =
  | 'usage'
  | 'config'
  | 'input'
  | 'unknown-scenario'
  | 'unknown-type'
  | 'k6-missing'
  | 'delivery';

/**
 * The one error type the library throws. Its message says what failed, why, and what to do.
 *
 * @example
 * try { simulate({ agents: 0 }) } catch (e) { if (e instanceof SimError) console.error(e.code, e.message) }
 * // usage Invalid agent count 0: give a whole number from 1 to 100000.
 */
export class SimError extends Error {
  override readonly name = 'SimError';
  readonly code: SimErrorCode;
  /**
   * For a bad option value: the option's name (`agents`, `serviceLevel`) and what it allows
   * (`give a whole number from 1 to 100000`), so a command line can name its own flag and quote
   * the value as typed.
   */
  readonly option: string | undefined;
  readonly allowed: string | undefined;

  constructor(code: SimErrorCode, message: string, about?: { option: string; allowed: string }) {
    super(message);
    this.code = code;
    this.option = about?.option;
    this.allowed = about?.allowed;
  }
}
