/**
 * `checkReceiver()` against receivers built to fail (test/support/flawed-receivers.ts), in
 * process: each fails exactly the check of its flaw and passes the rest; the receiver done right
 * passes everything (the capacity cases: test/check-capacity.test.ts).
 *
 * The deadline is shortened to 1 s (an option of checkReceiver for a receiver's own tests; VCC's
 * 10 s stays the default) only where a case must wait for it: a receiver that never answers, and
 * the slow receiver, whose writes are scaled with it. The cases that pass or fail on their answers
 * alone keep VCC's 10 s, so a loaded machine cannot push a prompt answer past the deadline;
 * test/cli-check.test.ts runs the hanging and the slow receiver against the real 10 s once, as a
 * user runs check.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, test } from 'vitest';
import { CHECK_IDS, type CheckId, checkReceiver } from '../check/index.js';
import { type Flaw, flawedReceiver, slowWriteMs } from './support/flawed-receivers.js';
import { TEST_SECRET } from './support/secret.js';

const secret = TEST_SECRET;
/** 1 s instead of VCC's 10 s where a case waits for it (a receiver that never answers). */
const DEADLINE_MS = 1000;
/**
 * The slow receiver's deadline: 2 s, its writes scaled alike (the burst ends at 2.4 s). Its other
 * checks wait on at most five writes in a row (`duplicates`), 0.5 s at this pace, so a machine
 * loaded four times over still answers them within the deadline (at 1 s they had missed it).
 */
const SLOW_DEADLINE_MS = 2000;
const WRITE_MS = slowWriteMs(SLOW_DEADLINE_MS);

/** Each flaw, the check it fails, and the deadline the case runs at (1 s where it must wait for it). */
const MATRIX: Array<[Exclude<Flaw, 'none' | 'rate-limited'>, CheckId, number | undefined]> = [
  ['not-idempotent', 'duplicates', undefined],
  ['rejects-unknown-types', 'forward-compatible', undefined],
  ['never-verifies', 'signature-required', undefined],
  ['hangs-on-bad-json', 'bad-input', DEADLINE_MS],
  ['slow-under-burst', 'deadline', SLOW_DEADLINE_MS],
  // A 503 at the peak fails it, however fast.
  ['pool-exhausted', 'deadline', undefined],
];

const DEFAULT_CHECKS = CHECK_IDS.filter((id) => id !== 'capacity');

// Concurrent: the cases spend their time waiting on receivers' writes and timeouts, not on the
// CPU, so their waits overlap (the file went from 20 s to the slowest case's 9 s).
describe.concurrent('receivers built to fail', () => {
  test.each(MATRIX)('%s fails %s and nothing else', async (flaw, check, deadlineMs) => {
    const handler = flawedReceiver(flaw, { secret, writeMs: WRITE_MS });
    const report = await checkReceiver({ handler, secret, ...(deadlineMs && { deadlineMs }) });
    expect(report.checks.map((c) => c.id)).toEqual(DEFAULT_CHECKS);
    expect({ failed: report.failed, warned: report.warned }).toEqual({
      failed: [check],
      warned: [],
    });
    const failed = report.checks.find((c) => c.id === check);
    expect(failed?.evidence.some((x) => x.verdict === 'fail')).toBe(true);
  });

  test('bearer-only: one warning, in signature-required, naming the form; every probe sent in it', async () => {
    const report = await checkReceiver({
      handler: flawedReceiver('bearer-only', { secret }),
      secret,
    });
    expect({ failed: report.failed, warned: report.warned }).toEqual({
      failed: [],
      warned: ['signature-required'],
    });
    const sig = report.checks.find((c) => c.id === 'signature-required');
    expect(sig?.summary).toMatch(
      /^accepts only `Bearer <JWT>`; VCC's example receiver sends the bare JWT/,
    );
    // Forced to the bare JWT, it is refused everywhere: the form, not the receiver, is the test.
    const forced = await checkReceiver({
      handler: flawedReceiver('bearer-only', { secret }),
      secret,
      signatureFormat: 'jwt',
      only: ['duplicates'],
    });
    expect(forced.failed).toEqual(['duplicates']);
  });

  test('a receiver that never answers: two timeouts end a check, two such checks end the run', async () => {
    let requests = 0;
    // Refuses the unsigned forgery; anything signed it never answers.
    const never = (req: IncomingMessage, res: ServerResponse) => {
      requests++;
      req.resume();
      if (req.headers['vonage-signature'] === undefined) {
        res.writeHead(401);
        res.end();
      }
    };
    const report = await checkReceiver({ handler: never, secret, deadlineMs: DEADLINE_MS });
    const [first, second, ...rest] = report.checks;
    expect(first?.summary).toMatch(/^2 of 2 got no answer within 1 s; first: channel\.\w+\.v0;/);
    expect(first?.summary).toMatch(/; 11 more not sent after 2 timeouts$/);
    // Only the forgery was refused: no "every probe got 401" diagnosis.
    expect(report.diagnosis).toBeUndefined();
    expect(first?.evidence.filter((x) => x.error === 'not sent after 2 timeouts')).toHaveLength(11);
    expect(second).toMatchObject({ id: 'signature-required', verdict: 'fail' });
    expect(rest.map((c) => c.verdict)).toEqual(rest.map(() => 'skip'));
    expect(rest[0]?.summary).toMatch(
      /^not run: the receiver accepted nothing and stopped answering in accepts-every-type and signature-required/,
    );
    // 2 to find the header's form, then 2 per check (and the refused unsigned forgery).
    expect(requests).toBe(7);
  });

  test('every probe refused alike: one line says why (415: the content type; 401 unsigned: --secret)', async () => {
    const jsonOnly = (req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      res.writeHead(req.headers['content-type'] === 'application/json' ? 204 : 415);
      res.end();
    };
    const r415 = await checkReceiver({ handler: jsonOnly, secret });
    expect(r415.diagnosis).toBe(
      'every probe got 415: it refuses application/cloudevents+json, which VCC sends',
    );
    const verifies = flawedReceiver('none', { secret });
    const unsigned = await checkReceiver({ handler: verifies });
    expect(unsigned.diagnosis).toMatch(
      /^every probe got 401 or 403.*does it verify signatures\? give --secret/,
    );
    const done = await checkReceiver({ handler: verifies, secret });
    expect(done.diagnosis).toBeUndefined();
  });

  test("jose's defaults: the future token warns, and the line says how jose refuses it", async () => {
    const report = await checkReceiver({
      handler: flawedReceiver('jose-defaults', { secret }),
      secret,
      only: ['signature-required'],
    });
    expect(report.warned).toEqual(['signature-required']);
    const sig = report.checks[0];
    expect(sig?.summary).toMatch(/^future \(issued 10 min in the future\) got 20\d in \d+ ms/);
    expect(sig?.summary).toContain("jose: `maxTokenAge: '5m'` refuses it");
    const future = sig?.evidence.find((x) => x.probe === 'future');
    expect(future).toMatchObject({ verdict: 'warn', hint: expect.stringContaining('maxTokenAge') });
  });

  test('bad-input failed by 4xx answers alone does not speak of 5xx', async () => {
    // After a body it cannot parse, it refuses everything with 400: the valid ones after fail.
    let poisoned = false;
    const receiver = flawedReceiver('none', { secret });
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      if (poisoned) {
        req.resume();
        res.writeHead(400);
        res.end();
        return;
      }
      if (
        req.headers['content-length'] === undefined ||
        Number(req.headers['content-length']) < 600
      )
        poisoned = true;
      receiver(req, res);
    };
    const report = await checkReceiver({ handler, secret, only: ['bad-input'] });
    expect(report.failed).toEqual(['bad-input']);
    expect(report.checks[0]?.summary).not.toMatch(/5xx/);
    expect(report.checks[0]?.summary).toMatch(/VCC retries anything but 200-205 for 24 hours$/);
  });

  test('the receiver done right passes every check', async () => {
    const report = await checkReceiver({
      handler: flawedReceiver('none', { secret }),
      secret,
    });
    expect(report.checks.map((c) => [c.id, c.verdict])).toEqual(
      DEFAULT_CHECKS.map((id) => [id, 'pass']),
    );
  });

  test('path: the probes reach the route the handler serves', async () => {
    const receiver = flawedReceiver('none', { secret });
    const paths = new Set<string>();
    const routed = (req: IncomingMessage, res: ServerResponse) => {
      paths.add(req.url ?? '');
      if (req.url !== '/vcc/events') {
        res.writeHead(404);
        res.end();
        return;
      }
      receiver(req, res);
    };
    const report = await checkReceiver({
      handler: routed,
      path: '/vcc/events',
      secret,
      only: ['duplicates'],
    });
    expect(report.failed).toEqual([]);
    expect([...paths]).toEqual(['/vcc/events']);
    await expect(checkReceiver({ handler: routed, path: 'vcc' })).rejects.toThrow(
      /Invalid path "vcc"/,
    );
  });

  test('without the secret, signature-required is skipped and says why', async () => {
    const report = await checkReceiver({
      handler: flawedReceiver('never-verifies', { secret }),
      only: ['signature-required'],
    });
    expect(report.checks).toMatchObject([
      { id: 'signature-required', verdict: 'skip', summary: expect.stringMatching(/--secret/) },
    ]);
    expect(report.failed).toEqual([]);
  });
});
