// The root config only collects src/ and test/; this one runs the bench helpers' own unit tests:
// `npx vitest run --config bench/vitest.config.ts`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['bench/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
