// Plain k6, the baseline of bench/k6.bench.mjs: VUs post one constant body as fast as the target
// answers, for a fixed duration, with a check per answer. Config from __ENV.
import { check } from 'k6';
import http from 'k6/http';

const target = __ENV.TARGET;
const body = open(__ENV.BODY_FILE);
const params = {
  headers: { 'content-type': 'application/cloudevents+json' },
  responseType: 'none',
};

export const options = {
  scenarios: {
    constant: {
      executor: 'constant-vus',
      vus: Number(__ENV.VUS),
      duration: __ENV.DURATION,
      gracefulStop: '0s',
    },
  },
  discardResponseBodies: true,
};

export default function () {
  const res = http.post(target, body, params);
  check(res, { 'answered 2xx': (r) => r.status >= 200 && r.status < 300 });
}

export function handleSummary(data) {
  return { [__ENV.SUMMARY_FILE]: JSON.stringify(data) };
}
