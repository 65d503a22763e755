// Browser tests (test/e2e): the real app in-process on 127.0.0.1 and Debian's Chromium, each
// file with a database of its own from the same global setup as the other tests.
// Run through `npm run test:e2e` (test/e2e/run.ts), which checks that Chromium is there.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser per file, three files at a time: a browser test mostly waits (for pages,
    // for axe), so on two cores a third file fills the waits (the page sweep alone is 330 tests).
    maxWorkers: 3,
  },
});
