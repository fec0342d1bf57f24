// What the k6 benches share: esbuild's settings for a k6 script (the build's own, so the benches
// bundle as the shipped scripts are bundled) and the smallest target.
import { createServer } from 'node:http';

/** esbuild options for a k6 script; add the entry (`stdin`) and `outfile`. */
export { K6_BUNDLE } from '../scripts/k6-bundle.mjs';

/** The smallest server that reads the body and answers 204, on a free loopback port. */
export async function startNoopTarget() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(204);
      res.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, target: `http://127.0.0.1:${server.address().port}/webhook` };
}
