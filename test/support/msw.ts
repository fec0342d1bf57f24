/**
 * The MSW server of a test file: `setupServer` once, listening before the file's tests (a request
 * no handler answers fails the test), handlers reset after each test, closed after the last.
 */
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { UnhandledOptions } from '../../mocks/index.js';

/**
 * Sets up an MSW server for the calling test file; add handlers per test with `server.use()`.
 *
 * @example
 * const server = useMswServer();
 * test('...', () => {
 *   server.use(...vccApi().handlers);
 * });
 */
export function useMswServer(): SetupServer {
  const server = setupServer();
  // msw 2 reads onUnhandledRequest, msw 3 onUnhandledFrame (CI runs both): error on either.
  const unhandled: UnhandledOptions = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' };
  beforeAll(() => server.listen(unhandled));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}
