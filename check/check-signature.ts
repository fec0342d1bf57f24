/**
 * `signature-required`: forged notifications refused (401/403), VCC's own accepted in both of the
 * header's documented forms. Runs only with the secret.
 */
import { serializeNotification } from '../generator/index.js';
import { answerText, type CheckContext, worst } from './grading.js';
import { NOT_SENT } from './guard.js';
import { oneNotification } from './material.js';
import { craftToken, notificationRequest, type TokenSpec } from './tokens.js';
import type { CheckResult, Exchange, Verdict } from './types.js';

/** A probe: how its token is made, and whether it must be refused or only should be. */
interface Forgery {
  probe: string;
  sent: string;
  must: boolean;
  /** What to change when it is taken. */
  hint?: string;
  token: (body: string, key: Uint8Array) => string | undefined;
}

const OTHER_KEY = new Uint8Array(Buffer.from('not-the-subscription-secret-at-all'));

const token = (spec: Omit<TokenSpec, 'key'>, key?: Uint8Array) => (body: string, k: Uint8Array) =>
  craftToken(body, { ...spec, key: key ?? k });

const FORGERIES: readonly Forgery[] = [
  { probe: 'unsigned', sent: 'no Vonage-Signature', must: true, token: () => undefined },
  {
    probe: 'wrong-key',
    sent: 'HS256 with another secret',
    must: true,
    token: token({ alg: 'HS256' }, OTHER_KEY),
  },
  {
    probe: 'expired',
    sent: 'issued 10 min ago (expired 5 min ago)',
    must: true,
    token: token({ alg: 'HS256', issuedIn: -600 }),
  },
  {
    probe: 'other-body',
    sent: 'payload_hash of another body',
    must: true,
    token: token({ alg: 'HS256', hashOf: '{"another":"body"}' }),
  },
  { probe: 'alg-none', sent: 'alg none, no signature', must: true, token: token({ alg: 'none' }) },
  {
    probe: 'rs256-confusion',
    sent: 'alg RS256, HMAC over the secret',
    must: true,
    token: token({ alg: 'RS256' }),
  },
  {
    probe: 'es256-confusion',
    sent: 'alg ES256, HMAC over the secret',
    must: true,
    token: token({ alg: 'ES256' }),
  },
  {
    probe: 'future',
    sent: 'issued 10 min in the future',
    must: false,
    // jose's jwtVerify takes a future iat unless told the token's age limit.
    hint: "jose: `maxTokenAge: '5m'` refuses it",
    token: token({ alg: 'HS256', issuedIn: 600 }),
  },
  {
    probe: 'hs384',
    sent: 'HS384 with the right secret (VCC signs HS256)',
    must: false,
    hint: "jose: `algorithms: ['HS256']` refuses it",
    token: token({ alg: 'HS384' }),
  },
  {
    probe: 'hs512',
    sent: 'HS512 with the right secret (VCC signs HS256)',
    must: false,
    hint: "jose: `algorithms: ['HS256']` refuses it",
    token: token({ alg: 'HS512' }),
  },
];

/** How a forgery's answer grades: refused with 401/403 passes; see docs/check.md. */
function gradeForgery(x: Exchange, must: boolean): Verdict {
  const s = x.status;
  if (s === undefined || s >= 500) return must ? 'fail' : 'warn';
  if (s >= 200 && s < 300) return must ? 'fail' : 'warn';
  if (s === 401 || s === 403 || !must) return 'pass';
  return s >= 400 && s < 500 ? 'warn' : 'fail';
}

async function sendForgery(ctx: CheckContext, key: Uint8Array, f: Forgery): Promise<Exchange> {
  const n = oneNotification();
  const body = serializeNotification(n);
  const value = f.token(body, key);
  // In the form the receiver takes, so a forgery is refused for its token, not for its form.
  const written = value && ctx.format === 'bearer' ? `Bearer ${value}` : value;
  const headers: Record<string, string> = written ? { 'vonage-signature': written } : {};
  const x = await ctx.target.send({
    probe: f.probe,
    sent: f.sent,
    body,
    contentType: 'application/cloudevents+json',
    headers,
  });
  x.verdict = gradeForgery(x, f.must);
  if (f.hint && x.verdict !== 'pass') x.hint = f.hint;
  return x;
}

/** Both documented header forms, signed right: the bare JWT and `Bearer <JWT>`. */
async function headerForms(ctx: CheckContext, key: Uint8Array): Promise<Exchange[]> {
  const out: Exchange[] = [];
  for (const format of ['jwt', 'bearer'] as const) {
    const x = await ctx.target.send(
      notificationRequest(
        oneNotification(),
        `signed-${format}`,
        { key, format },
        format === 'jwt' ? 'signed right, bare JWT' : 'signed right, Bearer <JWT>',
      ),
    );
    x.verdict = x.status !== undefined && x.status >= 200 && x.status <= 205 ? 'pass' : 'fail';
    out.push(x);
  }
  const [bare, bearer] = out as [Exchange, Exchange];
  // One form only: warn (VCC's example verifies the bare value; one page writes Bearer).
  if (bare.verdict !== bearer.verdict) {
    bare.verdict = bare.verdict === 'fail' ? 'warn' : 'pass';
    bearer.verdict = bearer.verdict === 'fail' ? 'warn' : 'pass';
  }
  return out;
}

/** The one-form warning in plain words, or undefined when both or neither were accepted. */
function oneFormOnly(evidence: Exchange[]): string | undefined {
  const bare = evidence.find((x) => x.probe === 'signed-jwt');
  const bearer = evidence.find((x) => x.probe === 'signed-bearer');
  if (bare?.verdict === 'warn' && bearer?.verdict === 'pass')
    return "accepts only `Bearer <JWT>`; VCC's example receiver sends the bare JWT: accept both (strip a leading `Bearer `)";
  if (bearer?.verdict === 'warn' && bare?.verdict === 'pass')
    return 'accepts only the bare JWT; one VCC page writes `Bearer <JWT>`: accept both (strip a leading `Bearer `)';
  return undefined;
}

function summarize(evidence: Exchange[], verdict: Verdict): string {
  const forms = oneFormOnly(evidence);
  if (verdict === 'pass')
    return `${FORGERIES.length} forged or odd signatures refused (401/403), both header forms accepted`;
  const worstOnes = evidence.filter(
    (x) =>
      x.verdict === verdict && x.error !== NOT_SENT && !(forms && x.probe.startsWith('signed-')),
  );
  const named = worstOnes
    .slice(0, 3)
    .map((x) => `${x.probe} (${x.sent}) got ${answerText(x)}${x.hint ? ` (${x.hint})` : ''}`);
  const more = worstOnes.length > 3 ? ` and ${worstOnes.length - 3} more` : '';
  const parts = [...(forms ? [forms] : []), ...(named.length > 0 ? [named.join('; ') + more] : [])];
  return parts.join('; ');
}

/** `signature-required`. */
export async function signatureRequired(ctx: CheckContext): Promise<CheckResult> {
  const key = ctx.key;
  if (!key)
    return {
      id: 'signature-required',
      verdict: 'skip',
      summary:
        'no secret: give the subscription secret (--secret) to check that forged notifications are refused',
      evidence: [],
    };
  const evidence: Exchange[] = [];
  for (const f of FORGERIES) evidence.push(await sendForgery(ctx, key, f));
  evidence.push(...(await headerForms(ctx, key)));
  const verdict = worst(evidence.map((x) => x.verdict ?? 'pass'));
  return { id: 'signature-required', verdict, summary: summarize(evidence, verdict), evidence };
}
