import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Worker threads start faster than forked processes; the suite has no test that needs a process of its own.
    pool: 'threads',
    reporters: ['default', './test/support/closing-line-reporter.ts'],
  },
});
