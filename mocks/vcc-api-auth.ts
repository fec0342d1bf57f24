/**
 * Authentication of the VCC REST API mocks: bearer tokens checked per request as VCC documents it
 * (no token 401 `invalid_request`, unknown token 401 `invalid_token`, missing scope 403
 * `insufficient_scope`), and the client-credentials token endpoint that issues them.
 */
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { RandomStream } from '../generator/simulation/random.js';

/** Whether a request may go on, or the 401/403 to answer it with. */
export type Authorization = { ok: true } | { ok: false; response: Response };

/** Checks a request's bearer token for `scope`. */
export type Authorize = (request: Request, scope: string) => Authorization;

/** Options of {@link vccAuth}. */
export interface VccAuthOptions {
  /** The token endpoint, e.g. `https://emea.cc.vonage.com/Auth/connect/token`. */
  tokenUrl: string;
  /** Known tokens and their scopes; when given, any other token (not issued here) is invalid. */
  tokens: Record<string, string[]> | undefined;
  /** The scopes of any token when `tokens` is not given, and of a token asked for without a scope. */
  defaultScopes: string[];
  /** Draws the issued tokens (shared with the other APIs of the mock, in request order). */
  rng: RandomStream;
}

/** The bearer-token check and the token endpoint, sharing the tokens it issued. */
export interface VccAuth {
  authorize: Authorize;
  tokenHandler: RequestHandler;
}

function challenge(error: string, description: string, status: number, scope: string) {
  const scopeHint = status === 403 ? `, scope="${scope}"` : '';
  return HttpResponse.json(
    { error, error_description: description },
    {
      status,
      headers: {
        'www-authenticate': `Bearer error="${error}", error_description="${description}"${scopeHint}`,
      },
    },
  );
}

/**
 * Bearer-token authorization and the client-credentials token endpoint.
 *
 * @example
 * const auth = vccAuth({ tokenUrl, tokens: undefined, defaultScopes: ['stats'], rng });
 * const check = auth.authorize(request, 'stats');
 * if (!check.ok) return check.response;
 */
export function vccAuth(options: VccAuthOptions): VccAuth {
  const { tokenUrl, tokens, defaultScopes, rng } = options;
  const known = tokens ? new Map(Object.entries(tokens)) : undefined;
  /** Tokens the token endpoint issued, with the scopes they were issued for. */
  const issued = new Map<string, string[]>();

  const authorize: Authorize = (request, scope) => {
    const header = request.headers.get('authorization') ?? '';
    const bearer = /^bearer\s+(\S+)$/i.exec(header.trim());
    if (!bearer)
      return {
        ok: false,
        response: challenge(
          'invalid_request',
          'The request has no bearer token: send "Authorization: Bearer <token>" (get one from /Auth/connect/token).',
          401,
          scope,
        ),
      };
    const token = bearer[1] as string;
    const granted = issued.get(token) ?? (known ? known.get(token) : defaultScopes);
    if (!granted)
      return {
        ok: false,
        response: challenge('invalid_token', 'The access token is not valid.', 401, scope),
      };
    if (!granted.includes(scope))
      return {
        ok: false,
        response: challenge(
          'insufficient_scope',
          `The access token lacks the "${scope}" scope this request needs.`,
          403,
          scope,
        ),
      };
    return { ok: true };
  };

  const tokenHandler = http.post(tokenUrl, async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    if (form.get('grant_type') !== 'client_credentials')
      return HttpResponse.json(
        {
          error: 'unsupported_grant_type',
          error_description: 'Use grant_type=client_credentials.',
        },
        { status: 400 },
      );
    const asked = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const granted = asked.length > 0 ? asked : defaultScopes;
    const accessToken = `mock-${rng.uuid()}`;
    issued.set(accessToken, granted);
    return HttpResponse.json({
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: 7200,
      scope: granted.join(' '),
    });
  });

  return { authorize, tokenHandler };
}
