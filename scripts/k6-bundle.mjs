// esbuild's settings for a k6 script, one place for the shipped scripts (scripts/build.mjs) and
// the benches' own (bench/k6-support.mjs): ESM for k6's JavaScript runtime (Sobek), k6's own
// modules left as imports. Add the entries and the output.
export const K6_BUNDLE = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  target: 'es2020',
  external: ['k6', 'k6/*'],
  logLevel: 'warning',
};
