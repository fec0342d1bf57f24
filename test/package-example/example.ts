// The packed package as a test writer uses it, type-checked strictly in a scratch project by
// test/cli-package.test.ts (node16, nodenext and bundler resolution) and run there as example.mjs.
import { type Notification, StreamChecker, simulate } from 'vcc-event-sim';
import { checkReceiver } from 'vcc-event-sim/check';
import { hangUp, mockVcc, nodeHandler, signedRequest, wrapStarted } from 'vcc-event-sim/mocks';
import { deliver } from 'vcc-event-sim/sender';

const URL = 'https://hooks.example.test/vcc';
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==';

// Settings as a user's code reads them (type-checked with exactOptionalPropertyTypes too): an
// optional option given as a maybe-undefined value.
const maybeConcurrency: number | undefined = process.env['CONCURRENCY'] ? 8 : undefined;

export async function main(): Promise<string> {
  const agents: string[] = [];
  const vcc = mockVcc({
    url: URL,
    secret: SECRET,
    seed: 3,
    agents: 2,
    duration: '20m',
    onUnhandled: undefined,
  });
  vcc.listen();
  try {
    const [disconnect, wrap] = hangUp({ agentId: undefined });
    const summary = await deliver([disconnect, wrap], {
      target: URL,
      secret: SECRET,
      concurrency: maybeConcurrency,
      retry: { timeoutMs: 5000 },
    });
    for (const n of vcc.inbox.ofType('channel.wrapstarted.v0'))
      agents.push(n.data.channel.party.agentId);
    const handle = nodeHandler((_req, res) => {
      res.statusCode = 204;
      res.end();
    });
    const res = await handle(await signedRequest(wrapStarted(), { url: URL, secret: SECRET }));
    const report = await checkReceiver({
      handler: (req, res) => {
        req.resume();
        req.on('end', () => {
          res.statusCode = 204;
          res.end();
        });
      },
      only: ['duplicates', 'pair-race'],
    });
    const events: Notification[] = [...simulate({ agents: 4, duration: '2h', types: ['*'] })];
    const ended = events.filter((n) => n.type === 'channel.ended.v0').map((n) => n.data.reason);
    const checker = new StreamChecker();
    let violations = 0;
    events.forEach((n, i) => {
      violations += checker.add(n, i + 1).length;
    });
    violations += checker.finish().length;
    return `delivered ${summary.delivered}, agents ${agents.join(',')}, handler ${res.status}, checks failed [${report.failed.join(',')}], ${ended.length} ended, ${violations} violations`;
  } finally {
    vcc.close();
  }
}
