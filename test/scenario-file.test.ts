/**
 * A scenario file a user wrote is checked as a whole before anything runs (issue 24, defects 3-5):
 * an unknown key is named with a suggestion, thresholds are in k6's shape, the speed is one both
 * `fire` and `load` can keep. And the k6-operator Secret is written for its owner only.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { writeOperatorManifests } from '../cli/k6-operator.js';
import { loadScenario } from '../cli/scenario-file.js';
import type { LoadConfig } from '../k6/index.js';
import { scratchDir } from './helpers.js';

const tmp = scratchDir('vcc-sim-scenario-file-');
let n = 0;
const file = (value: unknown) => {
  const path = join(tmp, `s${n++}.json`);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

test.each([
  [
    { simulation: { agentz: 5 } },
    /"simulation\.agentz" is not a scenario key; did you mean "agents"\?/,
  ],
  [{ speeed: 60 }, /"speeed" is not a scenario key; did you mean "speed"\?/],
  [{ delivery: { concurency: 4 } }, /"delivery\.concurency" .*did you mean "concurrency"\?/],
  [{ delivery: { retry: { timeoutMS: 5 } } }, /"delivery\.retry\.timeoutMS" .*"timeoutMs"\?/],
  [{ load: { maxDuraton: '1m' } }, /"load\.maxDuraton" .*"maxDuration"\?/],
  [{ simulation: { zzzzzzzz: 1 } }, /"simulation\.zzzzzzzz" is not a scenario key; keys there: /],
])('a scenario file with an unknown key %j is refused, naming it', async (value, message) => {
  await expect(loadScenario(file(value))).rejects.toThrow(message);
});

test.each([
  [{ http_req_failed: 'rate<0.01' }, /"thresholds\.http_req_failed" must be a list/],
  [{ http_req_failed: [5] }, /"thresholds\.http_req_failed" must be a list/],
  [['rate<0.01'], /"thresholds" must be an object/],
])(
  'scenario thresholds %j in another shape than k6 reads are refused',
  async (thresholds, message) => {
    await expect(loadScenario(file({ thresholds }))).rejects.toThrow(message);
  },
);

test('k6 threshold objects (threshold, abortOnFail) are taken as k6 takes them', async () => {
  const thresholds = { http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true }] };
  const s = await loadScenario(file({ thresholds }));
  expect(s.thresholds).toEqual(thresholds);
});

test.each([1e308, 1e10])('a scenario speed of %d is refused as load refuses it', async (speed) => {
  await expect(loadScenario(file({ speed }))).rejects.toThrow(
    /"speed" must be a number above 0 and at most 1e9/,
  );
});

test('a scenario module with speed Infinity is refused', async () => {
  const path = join(tmp, 'infinite.mjs');
  writeFileSync(path, 'export default { speed: Infinity };\n');
  await expect(loadScenario(path)).rejects.toThrow(/"speed" must be a number above 0/);
});

test('secret.yaml is written for its owner only (0600), a file already there too', () => {
  const dir = mkdtempSync(join(tmp, 'k8s-'));
  writeFileSync(join(dir, 'secret.yaml'), 'old\n', { mode: 0o644 });
  const config = {
    mode: 'live',
    target: 'http://example.test/webhook',
    scenario: 'smoke',
    speed: 60,
    vus: 1,
    maxDuration: '1m',
    signatureFormat: 'jwt',
    headers: {},
    thresholds: {},
    types: [],
    secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==',
  } as LoadConfig;
  const m = writeOperatorManifests(dir, {
    name: 'x',
    scenario: 'smoke',
    script: '',
    scriptFile: 'live.js',
    config,
    parallelism: 1,
  });
  expect(Object.keys(m.files)).toContain('secret.yaml');
  expect(statSync(join(dir, 'secret.yaml')).mode & 0o777).toBe(0o600);
});
