import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances weigh ~400 MB each; two workers fit our 2-core machines without thrashing.
    pool: 'forks',
    maxWorkers: 2,
  },
});
