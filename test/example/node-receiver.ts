// A VCC webhook receiver written for node:http (the shape Express and Koa handlers share), the code
// under test in docs/mocks.md's "Handler tests without a server". It verifies the Vonage-Signature
// over the raw body, reads the three CloudEvents content modes, ignores redeliveries, and keeps
// what it accepted.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jwtVerify } from 'jose';

export interface Received {
  type: string;
  id: string;
  subject: string;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function createNodeReceiver(secret: string) {
  const key = new Uint8Array(Buffer.from(secret, 'base64'));
  const received: Received[] = [];
  const seen = new Set<string>();

  async function verified(header: string | undefined, body: string): Promise<boolean> {
    if (!header) return false;
    try {
      const { payload } = await jwtVerify(header.replace(/^Bearer\s+/i, ''), key);
      return payload['payload_hash'] === createHash('sha256').update(body).digest('hex');
    } catch {
      return false;
    }
  }

  function events(req: IncomingMessage, body: string): Received[] | undefined {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
    const parsed = JSON.parse(body) as unknown;
    if (req.headers['ce-specversion']) {
      const h = (name: string) => String(req.headers[`ce-${name}`] ?? '');
      return [{ type: h('type'), id: h('id'), subject: h('subject') }];
    }
    if (type === 'application/cloudevents+json') return [parsed as Received];
    if (type === 'application/cloudevents-batch+json') return parsed as Received[];
    return undefined;
  }

  async function listener(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const body = await readBody(req);
    if (!(await verified(req.headers['vonage-signature'] as string | undefined, body))) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('bad signature');
      return;
    }
    let list: Received[] | undefined;
    try {
      list = events(req, body);
    } catch {
      res.statusCode = 400;
      res.end('not JSON');
      return;
    }
    if (!list) {
      res.statusCode = 415;
      res.end('unsupported content type');
      return;
    }
    for (const e of list) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      received.push({ type: e.type, id: e.id, subject: e.subject });
    }
    res.setHeader('x-accepted', String(list.length));
    res.statusCode = 204;
    res.end();
  }

  return { listener, received };
}
