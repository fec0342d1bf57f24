// A small VCC webhook receiver, the code under test in the worked example (docs/mocks.md, "A
// worked example"). It is written as a fetch-style handler, `(request) => Response`, as in Next.js
// route handlers, Hono, Remix or a Cloudflare Worker. It verifies the Vonage-Signature, ignores
// redeliveries, and keeps the board of agents in wrap: on a channel.wrapstarted it looks the agent
// up in the User Admin API (for the name to show); the agent channel's channel.ended takes them off.
import { createHash } from 'node:crypto';
import { jwtVerify } from 'jose';

export interface WrapBoardOptions {
  /** The subscription secret (base64), as the Webhooks API returned it. */
  secret: string;
  /** e.g. https://emea.api.newvoicemedia.com */
  apiBaseUrl: string;
  /** A bearer token with the user-admin scope. */
  token: string;
}

export interface AgentInWrap {
  agentId: string;
  name: string;
  channelId: string;
  since: string;
}

interface Event {
  id: string;
  source: string;
  type: string;
  data: {
    timestamp: string;
    channel?: { channelId: string; party: { role: string; agentId?: string; userId?: string } };
  };
}

export function createWrapBoard(options: WrapBoardOptions) {
  const key = new Uint8Array(Buffer.from(options.secret, 'base64'));
  const seen = new Set<string>();
  const inWrap = new Map<string, AgentInWrap>();
  // Order is not guaranteed: a wrapstarted that arrives after its channel's ended is stale.
  const endedChannels = new Set<string>();

  async function verified(request: Request, body: string): Promise<boolean> {
    const header = request.headers.get('vonage-signature');
    if (!header) return false;
    try {
      const { payload } = await jwtVerify(header.replace(/^Bearer\s+/i, ''), key);
      return payload['payload_hash'] === createHash('sha256').update(body).digest('hex');
    } catch {
      return false;
    }
  }

  async function lookUpName(userId: string): Promise<string | undefined> {
    const res = await fetch(`${options.apiBaseUrl}/useradmin/users/${userId}`, {
      headers: { authorization: `Bearer ${options.token}` },
    });
    if (!res.ok) return undefined;
    return ((await res.json()) as { name: string }).name;
  }

  async function handle(request: Request): Promise<Response> {
    const body = await request.text();
    if (!(await verified(request, body))) return new Response('bad signature', { status: 401 });
    if (request.headers.get('content-type')?.split(';')[0] !== 'application/cloudevents+json')
      return new Response('send application/cloudevents+json', { status: 415 });
    let event: Event;
    try {
      event = JSON.parse(body) as Event;
    } catch {
      return new Response('not JSON', { status: 400 });
    }
    if (typeof event?.id !== 'string' || typeof event.type !== 'string' || !event.data)
      return new Response('not a notification', { status: 400 });
    const key = `${event.source} ${event.id}`;
    if (seen.has(key)) return new Response(null, { status: 204 });

    const party = event.data.channel?.party;
    if (party?.role === 'agent' && party.agentId && party.userId) {
      const channelId = event.data.channel?.channelId as string;
      if (event.type.startsWith('channel.wrapstarted.') && !endedChannels.has(channelId)) {
        const name = await lookUpName(party.userId);
        // Unknown for now: answer 503 so VCC delivers it again later.
        if (name === undefined) return new Response('user lookup failed', { status: 503 });
        // The channel's ended may have arrived while we looked the agent up: then wrap is over.
        if (endedChannels.has(channelId)) {
          seen.add(key);
          return new Response(null, { status: 204 });
        }
        inWrap.set(party.agentId, {
          agentId: party.agentId,
          name,
          channelId,
          since: event.data.timestamp,
        });
      } else if (event.type.startsWith('channel.ended.')) {
        endedChannels.add(channelId);
        // Only this channel's wrap ends: a late ended of an older call must not clear a newer wrap.
        if (inWrap.get(party.agentId)?.channelId === channelId) inWrap.delete(party.agentId);
      }
    }
    seen.add(key);
    return new Response(null, { status: 204 });
  }

  return { handle, inWrap };
}
