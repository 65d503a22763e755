// The operations tests (test/ops), run by test/ops/run.ts: they need PostgreSQL's client tools.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// Spread, not mergeConfig: merging would add test/ops to the base's include list, not replace it.
export default defineConfig({
  test: { ...base.test, include: ['test/ops/**/*.test.ts'], exclude: ['node_modules/**'] },
});
