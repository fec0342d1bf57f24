/**
 * The MSW server of a test file: `setupServer` once, listening before the file's tests (a request
 * no handler answers fails the test), handlers reset after each test, closed after the last.
 */
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

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
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}
