// constructNotification(body, header, secret): the receiver's one call, in Stripe's and Svix's
// order; and verifySignature refusing a body given where the header goes.
import { describe, expect, expectTypeOf, test } from 'vitest';
import type { Notification } from '../generator/index.js';
import { hangUp, signedHeaders, wrapStarted } from '../mocks/index.js';
import {
  constructNotification,
  constructNotifications,
  NotificationError,
} from '../receiver/index.js';
import { secretKey, signBody, verifySignature } from '../sender/index.js';
import { TEST_SECRET as SECRET } from './support/secret.js';

async function refusal(p: Promise<unknown>): Promise<NotificationError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(NotificationError);
  return e as NotificationError;
}

describe('constructNotification', () => {
  test('returns the typed notification of a signed structured request, from a string or bytes', async () => {
    const wrap = wrapStarted({ agentId: '1544' });
    const { headers, body } = await signedHeaders(wrap, { secret: SECRET });
    const n = await constructNotification(body, headers['vonage-signature'], SECRET);
    expectTypeOf(n).toEqualTypeOf<Notification>();
    expect(n).toEqual(wrap);
    if (n.type === 'channel.wrapstarted.v0') expect(n.data.channel.party.agentId).toBe('1544');
    const bytes = new TextEncoder().encode(body);
    expect(
      await constructNotification(bytes, [headers['vonage-signature'] as string], SECRET),
    ).toEqual(wrap);
  });

  test('refuses with a typed error: code, and the status a receiver answers', async () => {
    const { headers, body } = await signedHeaders(wrapStarted(), { secret: SECRET });
    const signature = headers['vonage-signature'] as string;
    const missing = await refusal(constructNotification(body, undefined, SECRET));
    expect([missing.code, missing.status]).toEqual(['missing-signature', 401]);
    const tampered = await refusal(
      constructNotification(body.replace('1', '2'), signature, SECRET),
    );
    expect([tampered.code, tampered.status]).toEqual(['bad-signature', 401]);
    const otherSecret = await refusal(
      constructNotification(
        body,
        signature,
        Buffer.from('another-secret-another-secret!!').toString('base64'),
      ),
    );
    expect(otherSecret.code).toBe('bad-signature');
    const old = await signedHeaders(wrapStarted(), { secret: SECRET, nowSeconds: 1_700_000_000 });
    const expired = await refusal(
      constructNotification(old.body, old.headers['vonage-signature'], SECRET),
    );
    expect(expired.message).toMatch(/expired/);

    const notJson = '{"type": nope}';
    const signedNotJson = await signBody(notJson, secretKey(SECRET));
    const badJson = await refusal(constructNotification(notJson, signedNotJson, SECRET));
    expect([badJson.code, badJson.status]).toEqual(['bad-json', 400]);
    const invalid = JSON.stringify({ ...wrapStarted(), type: 'channel.wrapstarted.v9' });
    const badType = await refusal(
      constructNotification(invalid, await signBody(invalid, secretKey(SECRET)), SECRET),
    );
    expect([badType.code, badType.status, badType.message]).toEqual([
      'invalid-notification',
      400,
      expect.stringMatching(/unknown type "channel.wrapstarted.v9"/),
    ]);
  });

  test('a batch is constructNotifications(): every notification, typed', async () => {
    const pair = hangUp();
    const { headers, body } = await signedHeaders(pair, { secret: SECRET, mode: 'batch' });
    const batch = await refusal(constructNotification(body, headers['vonage-signature'], SECRET));
    expect(batch.code).toBe('batch');
    expect(await constructNotifications(body, headers['vonage-signature'], SECRET)).toEqual(pair);
  });

  test('a parsed body or a missing secret is a caller error (TypeError), not a refusal', async () => {
    const { headers, body } = await signedHeaders(wrapStarted(), { secret: SECRET });
    await expect(
      constructNotification(JSON.parse(body) as never, headers['vonage-signature'], SECRET),
    ).rejects.toThrow(TypeError);
    await expect(constructNotification(body, headers['vonage-signature'], '')).rejects.toThrow(
      /base64 secret/,
    );
  });
});

test('verifySignature with the body first (Stripe order) throws a TypeError naming the order', async () => {
  const { headers, body } = await signedHeaders(wrapStarted(), { secret: SECRET });
  const signature = headers['vonage-signature'] as string;
  await expect(verifySignature(body, signature, secretKey(SECRET))).rejects.toThrow(
    /give the Vonage-Signature header first/,
  );
  expect(await verifySignature(signature, body, secretKey(SECRET))).toEqual({ ok: true });
});
