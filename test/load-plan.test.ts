// The pure parts of `vcc-sim load` and the scenario files it reads, in-process (no k6, no CLI
// process): the planner (flags + scenario -> k6 config, planned counts, pre-generation), the
// accounting of a run, and scenario files in the current and the earlier shape.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeError } from '../cli/cli-error.js';
import { explicitScenario, scenarioModule } from '../cli/commands/scenarios.js';
import {
  accountLoad,
  K6_ABORTED,
  K6_INTERRUPTED,
  type LoadOutcome,
  loadExit,
} from '../cli/load-accounting.js';
import { type LoadFlags, planLoad } from '../cli/load-plan.js';
import { timelineStages } from '../cli/replay-file.js';
import { loadScenario } from '../cli/scenario-file.js';
import { SimError } from '../generator/errors.js';
import { serializeNotification } from '../generator/notifications/notification-builders.js';
import { resolveOptions } from '../generator/simulation/options.js';
import { simulate } from '../generator/simulation/simulate.js';
import type { LoadTotals } from '../k6/index.js';
import type { ReceiverStats } from '../receiver/index.js';
import { DEFAULT_RETRY, getScenario, SCENARIOS } from '../scenarios/index.js';
import { scratchDir } from './helpers.js';
import { countedBySimulation, reportedRate } from './support/merged-run.js';

const tmp = scratchDir('vcc-sim-load-plan-');

function scenarioFile(name: string, content: unknown): string {
  const file = join(tmp, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('scenario files', () => {
  /** A scenario as a file loads it: whole, its fields replacing the default scenario's. */
  const asLoaded = (name: string) => explicitScenario(getScenario(name));

  test.each(SCENARIOS.map((s) => s.name))(
    '"scenarios show %s" prints a module that --scenario loads back as it is, nothing taken from smoke',
    async (name) => {
      const file = scenarioFile(`${name}.mjs`, scenarioModule(explicitScenario(getScenario(name))));
      const loaded = await loadScenario(file);
      expect(loaded).toEqual(asLoaded(name));
    },
  );

  test('a file in the earlier shape (delivery.pace.speed and load.speed) loads with one speed', async () => {
    const { speed: _, delivery, load, ...rest } = getScenario('steady');
    const old = {
      ...rest,
      name: 'old-steady',
      delivery: { ...delivery, pace: { speed: 300 } },
      load: { ...load, speed: 300 },
    };
    const s = await loadScenario(scenarioFile('old-steady.json', old));
    expect(s).toEqual({ ...getScenario('steady'), name: 'old-steady', speed: 300 });
  });

  test("a file that sets only its speed takes the library's defaults for the rest, not smoke's", async () => {
    const s = await loadScenario(scenarioFile('fast.json', { name: 'fast', speed: 6000 }));
    expect(s).toEqual({
      name: 'fast',
      summary: '',
      description: '',
      speed: 6000,
      simulation: {},
      delivery: { concurrency: 32, mode: 'structured', retry: DEFAULT_RETRY },
      thresholds: {},
      load: {},
    });
    expect(() => planLoad({ signatureFormat: 'jwt' }, s, { readText: () => '' })).toThrow(
      /gives no load\.maxDuration: give --max-duration/,
    );
  });

  test.each([
    [
      'two different speeds',
      { delivery: { pace: { speed: 60 } }, load: { speed: 600 } },
      /^Scenario .*two-speeds\.json states its speed more than once \(delivery\.pace\.speed 60, load\.speed 600\): keep one top-level "speed"/,
    ],
    [
      'a pace with a rate',
      { delivery: { pace: { rate: 50 } } },
      /"delivery\.pace" is gone: give the scenario one "speed".*fire --rate N/,
    ],
    ['a speed that is not a number', { speed: 'fast' }, /"speed" must be a number above 0/],
    ['a speed of 0', { load: { speed: 0 } }, /"load\.speed" must be a number above 0/],
  ])(
    'a scenario file with %s is refused with one line saying how to fix it',
    async (_, content, message) => {
      const file = scenarioFile('two-speeds.json', content);
      const err = await loadScenario(file).catch((e: Error) => e);
      expect(err).toBeInstanceOf(SimError);
      expect((err as SimError).code).toBe('input');
      expect((err as SimError).message).toMatch(message);
      expect((err as SimError).message).not.toContain('\n');
    },
  );
});

const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==';
const REPLAY = '/data/replay.ndjson';
/** A replay's lines: three events a second apart, the last one sent twice. */
const LINES = [
  '{"specversion":"1.0","type":"channel.alerted.v0","source":"s","id":"a","time":"2026-01-05T10:00:00.000Z"}',
  '{"specversion":"1.0","type":"channel.ended.v0","source":"s","id":"b","time":"2026-01-05T10:00:01.000Z"}',
  '{"specversion":"1.0","type":"channel.alerted.v0","source":"s","id":"c","time":"2026-01-05T10:00:02.000Z"}',
  '{"specversion":"1.0","type":"channel.alerted.v0","source":"s","id":"c","time":"2026-01-05T10:00:02.000Z"}',
];

/** Plans with the CLI's defaults plus `flags`; a replay reads `files` (a missing one is ENOENT). */
function plan(flags: Partial<LoadFlags>, scenario = 'smoke', files: Record<string, string> = {}) {
  return planLoad({ signatureFormat: 'jwt', segments: 1, ...flags }, getScenario(scenario), {
    readText: (path) => {
      const text = files[path];
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
          code: 'ENOENT',
          path,
        });
      return text;
    },
  });
}

/** What the CLI prints and exits with for the error a plan throws. */
function refusal(run: () => unknown): { code: number; line: string } {
  try {
    run();
  } catch (err) {
    return describeError(err);
  }
  throw new Error('the plan was accepted');
}

describe('load plan: flag combinations', () => {
  test.each([
    [{ segments: 0 }, 'Invalid --segments 0: give a whole number from 1 to 64.'],
    [{ parallelism: 1001 }, 'Invalid --parallelism 1001: give a whole number from 1 to 1000.'],
    [{ vus: 1.5 }, 'Invalid --vus 1.5: give a whole number from 1 to 100000.'],
    [{ speed: 0 }, 'Invalid --speed 0: give a number above 0.'],
    [{ rate: 0, events: REPLAY }, 'Invalid --rate 0: give notifications per second above 0.'],
    [
      { rate: 10 },
      '--rate paces a replay: give --events FILE too (live mode follows the simulation).',
    ],
    [{ maxDuration: '0s' }, 'Invalid --max-duration "0s": give a k6 duration, e.g. 90s or 2m.'],
    [{ maxDuration: 'soon' }, 'Invalid --max-duration "soon": give a k6 duration, e.g. 90s or 2m.'],
    [{ secret: 'not base64!' }, /^The secret must be base64/],
    [{ header: ['no-colon'] }, `Invalid --header "no-colon": write it as 'Name: value'.`],
    [
      { threshold: ['http_req_duration<200'] },
      `Invalid --threshold "http_req_duration<200": write 'metric=expression', e.g. 'http_req_duration=p(95)<200'.`,
    ],
    [
      { threshold: ['http_req_duration{url:x}=p(95)<1'] },
      /^Invalid --threshold .*no request carries the tag "url"/,
    ],
    [
      { threshold: ['http_req_duraton=p(95)<200'] },
      /^Unknown threshold metric "http_req_duraton": a load run has k6's HTTP metrics \(checks, /,
    ],
    [{ target: 'ftp://127.0.0.1/' }, /only http and https URLs can be load-tested\.$/],
    [{ target: 'nowhere' }, /^Invalid --target "nowhere": give an http\(s\) URL/],
    [
      { k6Operator: 'k8s' },
      '--k6-operator needs --target: the URL of the receiver as the cluster reaches it.',
    ],
    [
      { target: 'http://127.0.0.1:9/hook', receiverStatus: 500 },
      '--receiver-status and --receiver-fail-rate apply to the built-in receiver: drop --target.',
    ],
    [
      { pregenerate: true, events: '/no/such.ndjson' },
      '--pregenerate applies to live mode: drop it, a replay fires its file as is.',
    ],
    [
      { pregenerate: true, k6Operator: 'k8s', target: 'http://receiver.svc/hook' },
      '--pregenerate runs local k6 instances (--segments): drop it with --k6-operator.',
    ],
    [
      { segments: 2 },
      '--segments 2 is more than the 1 teams to split: give at most 1, or more agents (--agents) or smaller teams (--team-size).',
    ],
    [
      { parallelism: 6, k6Operator: 'k8s', target: 'http://receiver.svc/hook' },
      /^--parallelism 6 is more than the 3 teams to split/,
      'steady',
    ],
    [{ events: '/no/such.ndjson' }, 'Cannot read or write "/no/such.ndjson": no such file.'],
  ] as Array<[Partial<LoadFlags>, string | RegExp, string?]>)(
    'flags %j are refused with exit 2 and one line',
    (flags, message, scenario) => {
      const { code, line } = refusal(() => plan(flags, scenario));
      expect(code).toBe(2);
      if (typeof message === 'string') expect(line).toBe(message);
      else expect(line).toMatch(message);
    },
  );

  test.each([
    ['', `The events file "${REPLAY}" holds no events.`],
    [
      `${LINES[0]}\nnot json\n`,
      `${REPLAY}:2: not JSON; give NDJSON (one event a line), a JSON array or a batch (vcc-sim generate).`,
    ],
    ['{"id":"x"}\n', `${REPLAY}:1: not a CloudEvent (no "type"); give one event a line.`],
    [
      '{"type":"channel.alerted.v0"}\n',
      `${REPLAY}:1: no valid "time", so the file's timeline cannot be followed; give --rate.`,
    ],
  ])('a replay file %j is refused with exit 2, naming the line', (text, message) => {
    expect(refusal(() => plan({ events: REPLAY }, 'smoke', { [REPLAY]: text }))).toEqual({
      code: 2,
      line: message,
    });
  });

  test('a replay with --rate needs no times in its file', () => {
    const p = plan({ events: REPLAY, rate: 5 }, 'smoke', {
      [REPLAY]: '{"type":"channel.alerted.v0"}\n',
    });
    expect(p.planned).toBe(1);
  });
});

describe('load plan: the k6 configuration', () => {
  test('the smoke scenario by default: one live team at its speed, simulated while firing, every event counted', () => {
    const smoke = getScenario('smoke');
    const p = plan({});
    const counted = countedBySimulation(smoke.simulation);
    expect(p.mode).toBe('live');
    expect(p.target).toBeUndefined();
    expect(p.config).toEqual({
      mode: 'live',
      target: 'http://127.0.0.1:0/webhook',
      scenario: 'smoke',
      speed: 60,
      maxDuration: '1m',
      signatureFormat: 'jwt',
      headers: {},
      thresholds: smoke.thresholds,
      simulation: smoke.simulation,
      teams: [0],
      vus: 1,
      types: [...resolveOptions(smoke.simulation).types].sort(),
    });
    expect(p.planned).toBe(counted.planned);
    expect(p.distinct).toBe(counted.planned);
    expect(p.plannedPerType).toEqual(counted.perType);
    expect(Object.keys(p.plannedPerType)).toEqual(Object.keys(counted.perType));
    expect(p.firing).toMatch(/^simulated while firing: \d+ events\/s asked of each k6 instance$/);
  });

  test('flags override the scenario: speed, duration, secret, headers, thresholds and target', () => {
    const p = plan(
      {
        speed: 600,
        maxDuration: '90s',
        agents: 12,
        teamSize: 2,
        duration: '20m',
        secret: ` ${SECRET} `,
        signatureFormat: 'bearer',
        header: ['X-Test: yes'],
        threshold: ['http_req_duration=p(99)<900', 'checks=rate>0.5'],
        target: 'http://127.0.0.1:8080/webhook',
        vus: 4,
      },
      'smoke',
    );
    expect(p.target).toBe('http://127.0.0.1:8080/webhook');
    expect(p.config).toMatchObject({
      target: 'http://127.0.0.1:8080/webhook',
      speed: 600,
      maxDuration: '90s',
      secret: SECRET,
      signatureFormat: 'bearer',
      headers: { 'x-test': 'yes' },
      teams: [0, 1, 2, 3, 4, 5],
      vus: 4,
    });
    expect(p.config.thresholds['http_req_duration']).toEqual(['p(95)<500', 'p(99)<900']);
    expect(p.config.thresholds['checks']).toEqual(['rate>0.99', 'rate>0.5']);
    expect(p.config.simulation).toMatchObject({ agents: 12, teamSize: 2, duration: '20m' });
  });

  test('the steady scenario at a speed no live simulation keeps up with pre-generates, split over --segments', () => {
    const p = plan({ speed: 100_000, segments: 3 }, 'steady');
    expect(p.config).toMatchObject({ mode: 'live', speed: 100_000, pregenerate: true, vus: 3 });
    expect(p.config.teams).toEqual([0, 1, 2]);
    expect(p.segments).toBe(3);
    expect(p.firing).toMatch(/^pre-generated: [\d,]+ events\/s asked of each k6 instance$/);
    expect(p.planned).toBe(countedBySimulation(getScenario('steady').simulation).planned);
  });

  test('--no-pregenerate and --pregenerate decide, whatever the rate', () => {
    expect(
      plan({ speed: 100_000, pregenerate: false }, 'steady').config.pregenerate,
    ).toBeUndefined();
    const on = plan({ pregenerate: true });
    expect(on.config.pregenerate).toBe(true);
    expect(on.firing).toBe('pre-generated');
  });

  test('the k6-operator never pre-generates and splits over --parallelism', () => {
    const p = plan(
      { speed: 100_000, k6Operator: 'k8s', parallelism: 2, target: 'http://receiver.svc/hook' },
      'peak-hour',
    );
    expect(p.config.pregenerate).toBeUndefined();
    expect(p.firing).toBe('simulated while firing');
    expect(p.parallelism).toBe(2);
    expect(p.config).toMatchObject({ speed: 100_000, maxDuration: '3m', vus: 2 });
  });

  test.each(SCENARIOS.map((s) => s.name))(
    'load --scenario %s --k6-operator plans with the default --parallelism (4, or the teams when fewer)',
    (name) => {
      const p = plan({ k6Operator: 'k8s', target: 'http://receiver.svc/hook' }, name);
      const teams = resolveOptions(getScenario(name).simulation).teams.length;
      expect(p.parallelism).toBe(Math.min(4, teams));
    },
  );

  test('a 500-agent center splits over 8 k6 instances by default (queues of 64)', () => {
    expect(resolveOptions({ agents: 500 }).teams.length).toBeGreaterThanOrEqual(8);
    const p = plan({ agents: 500, duration: '1h', segments: 8, speed: 100_000 }, 'peak-hour');
    expect(p.config.teams).toHaveLength(8);
  });

  test('a replay of a JSON array or a batch (what generate --format json|batch writes) plans as its NDJSON', () => {
    const ndjson = plan({ events: REPLAY, speed: 1 }, 'smoke', {
      [REPLAY]: `${LINES.join('\n')}\n`,
    });
    const array = `[\n  ${LINES.map((l) => JSON.stringify(JSON.parse(l), null, 2)).join(',\n  ')}\n]\n`;
    const fromArray = plan({ events: REPLAY, speed: 1 }, 'smoke', { [REPLAY]: array });
    expect(fromArray.events).toBe(ndjson.events);
    expect(fromArray.config).toEqual(ndjson.config);
    expect(fromArray.planned).toBe(4);
    expect(
      refusal(() => plan({ events: REPLAY }, 'smoke', { [REPLAY]: '[{"type": ' })),
    ).toMatchObject({
      code: 2,
    });
    expect(refusal(() => plan({ events: REPLAY }, 'smoke', { [REPLAY]: '[1]' }))).toMatchObject({
      code: 2,
    });
  });

  test('a replay follows its file: stages from its times, its types, every line planned, duplicates once as distinct', () => {
    const p = plan({ events: REPLAY, speed: 1 }, 'smoke', { [REPLAY]: `${LINES.join('\n')}\n` });
    expect(p.mode).toBe('replay');
    expect(p.firing).toBeUndefined();
    expect(p.events).toBe(`${LINES.join('\n')}\n`);
    expect(p.planned).toBe(4);
    expect(p.distinct).toBe(3);
    expect(p.plannedPerType).toEqual({ 'channel.alerted.v0': 3, 'channel.ended.v0': 1 });
    const times = [0, 1000, 2000, 2000].map((ms) => Date.UTC(2026, 0, 5, 10) + ms);
    expect(p.config).toEqual({
      mode: 'replay',
      target: 'http://127.0.0.1:0/webhook',
      scenario: 'smoke',
      speed: 1,
      maxDuration: '1m',
      signatureFormat: 'jwt',
      headers: {},
      thresholds: getScenario('smoke').thresholds,
      vus: 20,
      types: ['channel.alerted.v0', 'channel.ended.v0'],
      events: REPLAY,
      count: 4,
      stages: timelineStages(times, 1),
    });
  });

  test('a replay at a --rate fires at that rate with VUs for half of it', () => {
    const p = plan({ events: REPLAY, rate: 200 }, 'smoke', { [REPLAY]: LINES.join('\n') });
    expect(p.config).toMatchObject({ mode: 'replay', rate: 200, vus: 100, count: 4 });
    expect(p.config.stages).toBeUndefined();
  });
});

describe('load plan: the planned send rate', () => {
  test('a live plan and a replay of the same events plan the same rate, the one vcc-sim report finds', () => {
    const live = plan({}, 'smoke');
    const events = [...simulate(getScenario('smoke').simulation)];
    const text = events.map((n) => serializeNotification(n)).join('\n');
    const replay = plan({ events: REPLAY }, 'smoke', { [REPLAY]: text });
    const reported = reportedRate(events);
    expect(live.rate).toEqual(replay.rate);
    expect(live.rate).toMatchObject({
      peakPerSecond: reported.peakPerSecond,
      peakAt: reported.peakAt,
      meanPerSecond: reported.meanPerSecond,
    });
    expect(live.rate.peakPerSecond).toBeGreaterThan(1);
  });
});

/** A k6 run's totals: `sent` requests, answered as `answers` says (all 200 unless told). */
function totals(sent: number, answers: Record<string, number> = { '200': sent }): LoadTotals {
  return {
    sent,
    failed: 0,
    pairs: 0,
    perType: {},
    answers,
    latency: { p50: 1, p95: 1, p99: 1 } as LoadTotals['latency'],
    requests: sent,
    requestsPerSecond: 1,
    durationMs: 1000,
    droppedIterations: 0,
    thresholdsFailed: [],
    instances: 1,
  };
}

/** The built-in receiver's stats: `requests`, `unique` events kept, `pairsPending`, answers. */
function received(
  requests: number,
  unique = requests,
  pairsPending = 0,
  statuses: Record<string, number> = { '204': requests },
): ReceiverStats {
  return { requests, unique, pairsPending, statuses } as ReceiverStats;
}

const outcome = (over: Partial<LoadOutcome>): LoadOutcome => ({
  mode: 'live',
  planned: 10,
  distinct: 10,
  maxDuration: '1m',
  missing: 0,
  totals: totals(10),
  received: received(10),
  ...over,
});

describe('load accounting', () => {
  test('every planned event fired and received is accounted for: exit 0', () => {
    const a = accountLoad(outcome({}));
    expect(a).toEqual({
      notFired: 0,
      lost: 0,
      uncounted: 0,
      pairsPending: 0,
      accepted: 10,
      notAccepted: 0,
      ok: true,
      problems: [],
    });
    expect(loadExit([0], a)).toEqual({ exitCode: 0, why: '' });
  });

  test('a run stopped by a signal names that one cause, and requests cut in flight are not lost', () => {
    // Three k6 instances each had a request in flight when stopped: the receiver got them, k6
    // counted none of them (before: lost -3, and three guessed causes).
    const a = accountLoad(
      outcome({ totals: totals(7), received: received(10), stopped: 'SIGINT' }),
    );
    expect(a).toMatchObject({
      notFired: 3,
      lost: 0,
      uncounted: 3,
      problems: ['3 of 10 events not fired (stopped by SIGINT)'],
    });
    expect(loadExit([K6_INTERRUPTED], a, 'SIGINT').why).toBe(
      'stopped by SIGINT: k6 ended its iterations and wrote its summary (k6 exit 105); 3 of 10 events not fired',
    );
  });

  test('a run stopped while k6 pre-generates (its init, no summary) says so, not that k6 wrote its summary', () => {
    const a = accountLoad(outcome({ totals: undefined, missing: 1, stopped: 'SIGINT' }));
    expect(loadExit([K6_INTERRUPTED], a, 'SIGINT', 1).why).toBe(
      "stopped by SIGINT: 1 of 1 k6 instance(s) stopped before writing a summary (in k6's init: pre-generating or starting) (k6 exit 105); 10 of 10 events not fired",
    );
  });

  test('a run the live feed failed names the feed, not --max-duration: exit 1 with the way round it', () => {
    const why = 'team 2: no such plan';
    const a = accountLoad(
      outcome({
        totals: totals(4),
        received: received(4),
        aborted: `the live feed failed: ${why}`,
      }),
    );
    expect(a.problems).toEqual([
      '6 of 10 events not fired (the live feed failed: team 2: no such plan)',
    ]);
    expect(loadExit([K6_ABORTED], a, undefined, 0, why)).toEqual({
      exitCode: 1,
      why: '6 of 10 events not fired (the live feed failed: team 2: no such plan); --no-live-feed simulates in k6 instead',
    });
    // Aborted with no failure the CLI heard of (the thread alive, a connection broken): k6's line.
    const k6Said = 'k6 aborted the run (exit 108): its output above says why';
    const b = accountLoad(outcome({ totals: totals(4), received: received(4), aborted: k6Said }));
    expect(b.problems).toEqual([`6 of 10 events not fired (${k6Said})`]);
    expect(loadExit([K6_ABORTED], b)).toEqual({ exitCode: K6_ABORTED, why: 'k6 exited with 108' });
  });

  test('a run cut short by k6 dropping iterations says so, not --max-duration', () => {
    const t = { ...totals(7), droppedIterations: 3 };
    const a = accountLoad(outcome({ totals: t, received: received(7) }));
    expect(a.problems).toEqual([
      '3 of 10 events not fired (k6 dropped 3 iterations: too few VUs for the pace; give --vus)',
    ]);
  });

  test.each([
    [
      'a run stopped early',
      { totals: totals(7), received: received(7) },
      { notFired: 3, lost: 0 },
      '3 of 10 events not fired (the run hit --max-duration 1m)',
    ],
    [
      'more fired than planned',
      { totals: totals(12), received: received(12) },
      { notFired: -2 },
      '2 events fired beyond the 10 planned',
    ],
    [
      'requests lost on the way',
      { received: received(8) },
      { lost: 2 },
      [
        '2 requests k6 sent never reached the receiver',
        'the receiver kept 8 unique events, not the 10 distinct events k6 sent',
      ],
    ],
    [
      'requests k6 did not count',
      { received: received(11, 10) },
      { lost: 0, uncounted: 1 },
      'the receiver got 1 requests more than k6 counted (requests cut off as the run stopped)',
    ],
    [
      'an instance without a summary',
      { missing: 1 },
      {},
      "1 k6 instance(s) ended without a summary (see k6's output above)",
    ],
    [
      'events the receiver did not keep',
      { received: received(10, 9) },
      {},
      'the receiver kept 9 unique events, not the 10 distinct events k6 sent',
    ],
    [
      'incomplete hang-up pairs in a live run',
      { received: received(10, 10, 2) },
      { pairsPending: 2 },
      '2 hang-up pairs incomplete at the receiver',
    ],
  ] as Array<[string, Partial<LoadOutcome>, object, string | string[]]>)(
    '%s is not accounted for: exit 1 saying why',
    (_, over, fields, problem) => {
      const problems = [problem].flat();
      const a = accountLoad(outcome(over));
      expect(a).toMatchObject({ ...fields, ok: false, problems });
      expect(loadExit([0], a)).toEqual({ exitCode: 1, why: problems.join('; ') });
    },
  );

  test('a replay may leave half pairs of its own: not a problem', () => {
    const a = accountLoad(outcome({ mode: 'replay', received: received(10, 10, 1) }));
    expect(a).toMatchObject({ ok: true, pairsPending: 1 });
  });

  test('an event received but not answered 2xx is not accepted: not accounted for', () => {
    const a = accountLoad(
      outcome({
        totals: totals(10, { '200': 9, '500': 1 }),
        received: received(10, 9, 1, { '200': 9, '500': 1 }),
      }),
    );
    // Unique events and pairs are checked only when every request was answered 2xx.
    expect(a).toEqual({
      notFired: 0,
      lost: 0,
      uncounted: 0,
      pairsPending: 0,
      accepted: 9,
      notAccepted: 1,
      ok: false,
      problems: ['1 of 10 requests received were not accepted by the built-in receiver (500 x1)'],
    });
    expect(loadExit([0], a).exitCode).toBe(1);
  });

  test('a receiver that received everything and accepted nothing is not "all received"', () => {
    const a = accountLoad(
      outcome({ totals: totals(10, { '500': 10 }), received: received(10, 10, 0, { '500': 10 }) }),
    );
    expect(a).toMatchObject({ accepted: 0, notAccepted: 10, ok: false });
  });

  test('chaos: duplicates and malformed requests are extra; each fault must be answered as a correct receiver does', () => {
    const faults = (badJson: Record<string, number>) => ({
      duplicate: { sent: 2, expected: '2xx' as const, answers: { '204': 2 }, ok: 2 },
      'bad-json': {
        sent: 1,
        expected: '4xx' as const,
        precise: 400,
        answers: badJson,
        ok: badJson['400'] ?? 0,
      },
    });
    const refused = accountLoad(
      outcome({
        totals: { ...totals(13, { '204': 12, '400': 1 }), faults: faults({ '400': 1 }) },
        received: received(13, 10, 0, { '204': 12, '400': 1 }),
      }),
    );
    expect(refused).toMatchObject({ notFired: 0, lost: 0, notAccepted: 0, ok: true });
    const accepted = accountLoad(
      outcome({
        totals: { ...totals(13, { '204': 13 }), faults: faults({ '204': 1 }) },
        received: received(13, 11, 0, { '204': 13 }),
      }),
    );
    expect(accepted).toMatchObject({ notFired: 0, notAccepted: 0, ok: false });
    expect(accepted.problems).toContain(
      'chaos bad-json: 1 of 1 answered other than a correct receiver (4xx)',
    );
  });

  test("with --target there is no receiver to reconcile: k6's count and answers against the plan", () => {
    expect(accountLoad(outcome({ received: undefined, totals: totals(10) })).ok).toBe(true);
    expect(
      accountLoad(outcome({ received: undefined, totals: totals(10, { '0': 10 }) })),
    ).toMatchObject({
      accepted: 0,
      notAccepted: 10,
      ok: false,
      problems: ['10 of 10 events fired were not accepted by the target (no answer x10)'],
    });
    expect(accountLoad(outcome({ received: undefined, totals: undefined }))).toMatchObject({
      notFired: 10,
      ok: false,
    });
  });

  test("k6's exit code wins over the accounting, a threshold failure (99) over any other", () => {
    const bad = accountLoad(outcome({ totals: totals(7), received: received(7) }));
    expect(loadExit([0, 99, 1], bad)).toEqual({
      exitCode: 99,
      why: 'k6: thresholds failed (exit 99)',
    });
    expect(loadExit([0, 107], bad)).toEqual({ exitCode: 107, why: 'k6 exited with 107' });
    expect(loadExit([105], bad)).toEqual({
      exitCode: 130,
      why: `stopped: k6 ended its iterations and wrote its summary (k6 exit 105); ${bad.problems.join('; ')}`,
    });
  });
});
