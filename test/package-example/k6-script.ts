// A k6 script in TypeScript on the packed `vcc-event-sim/k6`, type-checked strictly with @types/k6
// by test/cli-package.test.ts: by package name (a bundler's resolution) and, as k6 itself resolves
// imports, by path (`k6-script-by-path.ts`). The types must say what the module gives, so that a
// mistake in a user's script is a compile error.
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import http, { type BatchRequest } from 'k6/http';
import {
  centerTeams,
  type Send,
  type SimulationOptions,
  signedParams,
  teamSends,
} from 'vcc-event-sim/k6';

const TARGET: string = __ENV.TARGET ?? 'http://127.0.0.1:8080/webhook';
const CENTER: SimulationOptions = { agents: 4, teamSize: 2, duration: '10m', seed: 42 };
const TEAMS: number[] = centerTeams(CENTER);

export const options = {
  scenarios: {
    teams: { executor: 'shared-iterations', vus: TEAMS.length, iterations: TEAMS.length },
  },
};

export default function (): void {
  const team = TEAMS[exec.scenario.iterationInTest] as number;
  const start = Date.now();
  const sends: Send[] = teamSends(CENTER, team, { speed: 600, startAtMs: start });
  for (const send of sends) {
    sleep(Math.max(0, start + send.atMs - Date.now()) / 1000);
    const pair = send.notices.length === 2;
    const requests: BatchRequest[] = send.notices.map((n) => {
      const params = signedParams(n, { secret: __ENV.SECRET, pair, signatureFormat: 'jwt' });
      const kind: string = params.tags.type ?? n.type;
      return {
        method: 'POST',
        url: TARGET,
        body: n.body,
        params: { ...params, tags: { ...params.tags, kind } },
      };
    });
    for (const res of http.batch(requests)) check(res, { 'answered 2xx': (r) => r.status < 300 });
  }
}

// Mistakes the declarations must catch.
// @ts-expect-error the center's options are typed: agents is a number
centerTeams({ agents: 'four' });
// @ts-expect-error a signature format is 'jwt' or 'bearer'
signedParams({ type: 't', id: 'i', body: '{}' }, { signatureFormat: 'hmac' });
// @ts-expect-error a send's notices carry their body
const body: number = teamSends(CENTER, 0)[0]?.notices[0]?.body;
void body;
