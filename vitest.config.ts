import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A limit for in-process tests, ten times the slowest on an idle machine, so that a busy
    // one is never a red build; tests with child processes derive theirs from their work
    // (childProcessBudget in test/support/cli.ts).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
  },
});
