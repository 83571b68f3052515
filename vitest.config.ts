import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // the JSON report is what .ci/run counts ("N passed, N failed"); the default one is for people
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});
