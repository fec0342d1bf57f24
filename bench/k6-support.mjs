// What the k6 benches share: esbuild's settings for a k6 script (as scripts/build.mjs bundles the
// shipped ones: ESM for Sobek, k6's own modules left as imports) and the smallest target.
import { createServer } from 'node:http';

/** esbuild options for a k6 script; add the entry (`stdin`) and `outfile`. */
export const K6_BUNDLE = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  target: 'es2020',
  external: ['k6', 'k6/*'],
  logLevel: 'warning',
};

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
