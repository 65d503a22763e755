// Browser tests (test/e2e): the real app in-process on 127.0.0.1 and Debian's Chromium, each
// file with a database of its own from the same global setup as the other tests.
// Run through `npm run test:e2e` (test/e2e/run.ts), which checks that Chromium is there.
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The page sweeps first: they are the longest files, and their files the shortest, so vitest
 * (larger files first, when it has no durations from an earlier run, as in CI) would start them
 * last, leaving the tail of the run to them alone.
 */
class SweepsFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const sweep = (file: TestSpecification): boolean => /\/pages\.[a-z]+\.test\.ts$/.test(file.moduleId);
    return [...sorted.filter(sweep), ...sorted.filter((file) => !sweep(file))];
  }
}

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
    sequence: { sequencer: SweepsFirst },
  },
});
