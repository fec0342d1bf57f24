import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  // The package's own entry points by name, as a user imports them (the worked example).
  resolve: {
    alias: [
      { find: /^vcc-event-sim$/, replacement: `${root}generator/index.ts` },
      {
        find: /^vcc-event-sim\/(mocks|sender|receiver|scenarios)$/,
        replacement: `${root}$1/index.ts`,
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'mocks/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
