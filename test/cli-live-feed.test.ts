import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type LiveFeed, startLiveFeed } from '../cli/live-feed.js';
import { resolveOptions, type SimulationOptions } from '../generator/simulation/options.js';
import { FEED_BLOCK_SENDS, FEED_END, FEED_NEXT } from '../k6/load-config.js';
import { TeamBlocks } from '../k6/team-blocks.js';
import { TestWebSocket } from './support/ws-client.js';

// The live feed's thread is the built one (dist/cli/live-feed-worker.js: `npm test` builds first).
const OPTIONS: SimulationOptions = {
  agents: 8,
  teamSize: 4,
  start: '2026-01-05T08:00:00Z',
  duration: '6h',
  types: ['*'],
  seed: 'feed',
};
let feed: LiveFeed;
beforeAll(async () => {
  feed = await startLiveFeed(OPTIONS, [0, 1]);
});
afterAll(() => feed.close());

describe('the live feed (vcc-sim load simulating for its k6 VUs)', () => {
  test('hands a team its blocks, re-based, one per request, the same as pre-generation, then the end for every request after', async () => {
    const offset = 7 * 86_400_000 + 321;
    const ws = await TestWebSocket.open(`${feed.url}?team=1&offset=${offset}`);
    const expected = new TeamBlocks(OPTIONS, resolveOptions(OPTIONS), 1, offset, FEED_BLOCK_SENDS);
    let blocks = 0;
    for (let want = expected.next(); want !== undefined; want = expected.next()) {
      ws.send(FEED_NEXT);
      expect((await ws.next())?.text).toBe(want);
      blocks++;
    }
    expect(blocks).toBeGreaterThan(1);
    for (let i = 0; i < 2; i++) {
      ws.send(FEED_NEXT);
      expect(await ws.next()).toEqual({ opcode: 1, text: FEED_END });
    }
    ws.send(Buffer.alloc(0), 0x8);
    expect(await ws.next()).toMatchObject({ opcode: 8, code: 1000 });
  });

  test.each([
    ['?team=2&offset=0', 'a team the run does not have'],
    ['?team=0', 'no offset'],
    ['?team=0&offset=1.5', 'an offset that is not whole ms'],
    ['?offset=0', 'no team'],
  ])('refuses %s (%s): closed 1008 with the reason', async (query) => {
    const ws = await TestWebSocket.open(`${feed.url}${query}`);
    expect(await ws.next()).toMatchObject({
      opcode: 8,
      code: 1008,
      text: /not a team of this run's feed/,
    });
  });

  test('a request it does not know closes the team’s feed (1008), naming it', async () => {
    const ws = await TestWebSocket.open(`${feed.url}?team=0&offset=0`);
    ws.send('more please');
    expect(await ws.next()).toMatchObject({
      opcode: 8,
      code: 1008,
      text: 'unknown request "more please"',
    });
  });

  test('plain HTTP is answered 426 and the failure is nothing', async () => {
    const res = await fetch(feed.url.replace('ws:', 'http:'));
    expect(res.status).toBe(426);
    expect(feed.failure()).toBeUndefined();
  });
});
