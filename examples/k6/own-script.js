// Your own k6 script with the simulator: a simulated contact center's notifications, fired at
// their due times, signed as VCC signs them. Run it with plain k6:
//
//   k6 run -e TARGET=http://127.0.0.1:8080/webhook examples/k6/own-script.js
//   k6 run -e TARGET=... -e SECRET=<base64 secret> -e SPEED=60 examples/k6/own-script.js
//
// k6 imports by path, not by package name: in your project, after `npm install vcc-event-sim`,
// import './node_modules/vcc-event-sim/dist/k6/vcc-event-sim.js' (relative to your script), or
// bundle `vcc-event-sim/k6` with your k6 bundler. Here, in this repository, it is the build's.
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { centerTeams, signedParams, teamSends } from '../../dist/k6/vcc-event-sim.js';

const TARGET = __ENV.TARGET;
if (!TARGET)
  throw new Error('Give the receiver: k6 run -e TARGET=http://127.0.0.1:8080/webhook ...');
const SECRET = __ENV.SECRET; // optional: sign with Vonage-Signature
const SPEED = Number(__ENV.SPEED || 600); // simulated time runs this many times faster

// The simulated center: twelve agents in three teams, ten minutes from 10:00, seed 42. Same
// options and seed, same notifications (vcc-sim generate --agents 12 --team-size 4 ... gives them
// too). Twelve: with weekly rosters and staggered shifts, eight agents had a handful of events here.
const CENTER = {
  agents: 12,
  teamSize: 4,
  start: '2026-01-05T10:00:00Z',
  duration: '10m',
  seed: 42,
  types: ['channel.*.v0', 'agent.*.v0'],
};
const TEAMS = centerTeams(CENTER);

export const options = {
  scenarios: {
    // One iteration per team: its notifications, in order, at their due times.
    teams: {
      executor: 'shared-iterations',
      vus: TEAMS.length,
      iterations: TEAMS.length,
      maxDuration: '2m',
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    'http_req_duration{type:channel.wrapstarted.v0}': ['p(95)<500'],
  },
};

http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }));

export default function () {
  const team = TEAMS[exec.scenario.iterationInTest];
  const start = Date.now();
  for (const send of teamSends(CENTER, team, { speed: SPEED, startAtMs: start })) {
    const wait = start + send.atMs - Date.now();
    if (wait > 1) sleep(wait / 1000);
    const pair = send.notices.length === 2;
    const requests = send.notices.map((n) => [
      'POST',
      TARGET,
      n.body,
      signedParams(n, { secret: SECRET, pair }),
    ]);
    // A hang-up's two notifications go out together, as VCC sends them: they race.
    for (const res of http.batch(requests)) check(res, { 'answered 2xx': (r) => r.status < 300 });
  }
}
