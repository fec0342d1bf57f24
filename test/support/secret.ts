/**
 * The subscription secret the tests sign and verify with: base64, as VCC hands it out. Not a
 * secret of anything real.
 *
 * @example
 * const receiver = await startReceiver({ secret: TEST_SECRET });
 */
export const TEST_SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==';

/** Another secret: what a sender holding the wrong one signs with. */
export const OTHER_SECRET = 'b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA==';
