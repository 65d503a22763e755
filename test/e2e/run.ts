// Runs the browser tests (vitest.e2e.config.ts) when Chromium is installed.
//
//   node test/e2e/run.ts [vitest args]           no Chromium: fail (you asked for browser tests)
//   node test/e2e/run.ts --if-browser [args]     no Chromium: say so on one line and pass,
//                                                unless REQUIRE_E2E=1 (CI), where it fails
//
// Skipping happens here, once and out loud, never as skipped tests inside the suite.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, chromiumIsInstalled } from './support/chromium.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const ifBrowser = args[0] === '--if-browser';
const vitestArgs = ifBrowser ? args.slice(1) : args;
const required = process.env.REQUIRE_E2E === '1';

if (!chromiumIsInstalled()) {
  const install = 'install it with `apt-get install chromium` or set CHROMIUM_PATH';
  if (ifBrowser && !required) {
    console.log(
      `\n== Browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH} (${install}; REQUIRE_E2E=1 makes this an error)\n`,
    );
    process.exit(0);
  }
  const why = required ? 'REQUIRE_E2E=1 and ' : '';
  console.error(`\n== Browser tests FAILED to start: ${why}no Chromium at ${CHROMIUM_PATH} (${install})\n`);
  process.exit(1);
}

const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.e2e.config.ts', ...vitestArgs], {
  cwd: root,
  stdio: 'inherit',
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
