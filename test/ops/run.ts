// Runs the operations tests (vitest.ops.config.ts): the compose services' commands run
// natively, the stack files, and backup and restore. They need PostgreSQL's client tools
// (psql, pg_dump, pg_restore) at least as new as the server under test, so they run against
// DATABASE_URL's server; the embedded server ships no client tools.
//
//   node test/ops/run.ts [vitest args]          tools missing: fail (you asked for these tests)
//   node test/ops/run.ts --if-tools [args]      tools missing: say so on one line and pass,
//                                               unless REQUIRE_E2E=1 (CI, a full run): fail
//
// As with the browser tests, skipping happens here, once and out loud.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { requireClientTools } from './processes.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const ifTools = args[0] === '--if-tools';
const vitestArgs = ifTools ? args.slice(1) : args;
const required = process.env.REQUIRE_E2E === '1';

async function missing(): Promise<string | undefined> {
  const url = process.env.DATABASE_URL;
  if (!url) return 'DATABASE_URL is unset, and the embedded server has no psql or pg_dump';
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    requireClientTools(['psql', 'pg_dump', 'pg_restore', 'createdb'], Math.floor(Number(rows[0]!.v) / 10_000));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const problem = await missing();
if (problem) {
  if (ifTools && !required) {
    console.log(`\n== Operations tests SKIPPED: ${problem} (REQUIRE_E2E=1 makes this an error)\n`);
    process.exit(0);
  }
  console.error(`\n== Operations tests FAILED to start: ${problem}\n`);
  process.exit(1);
}
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.ops.config.ts', ...vitestArgs], {
  cwd: root,
  stdio: 'inherit',
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
