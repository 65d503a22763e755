import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Browser, operations and Citus tests have runners of their own (test/e2e/run.ts,
    // test/ops/run.ts, test/citus/run.ts).
    exclude: ['test/e2e/**', 'test/ops/**', 'test/citus/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only queue behind PostgreSQL.
    maxWorkers: 2,
  },
});
