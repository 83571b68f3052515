import { defineConfig } from 'vitest/config';

/** The browser end-to-end tests: a real server and Debian's chromium (see .ci/run). */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: '.vitest-e2e-results.json' }]],
  },
});
