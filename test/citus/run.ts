// Runs the scale tests (vitest.citus.config.ts) on a Citus cluster of three nodes: builds
// and installs Citus for the machine's PostgreSQL when it is missing (its build script lives
// beside the repository, in ../shared/citus/), starts the cluster, runs vitest with the
// cluster named in the environment, and stops the cluster whatever happened.
//
//   node test/citus/run.ts [vitest args]
//
// The build script is $CITUS_BUILD_SCRIPT when set, else the first of ../shared/citus/build.sh
// (relative to the repository) and /work/shared/citus/build.sh that exists. It needs root
// (apt, make install).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { citusEnvironment, citusLibrary, postgresInstallation, startCitusCluster } from './cluster.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vitestArgs = process.argv.slice(2);

function fail(message: string): never {
  console.error(`\n== Citus tests FAILED to start: ${message}\n`);
  process.exit(1);
}

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function ensureCitusInstalled(): void {
  const library = citusLibrary(postgresInstallation());
  if (existsSync(library)) return;
  // A script named in the environment is the only candidate: falling back would hide a typo.
  const candidates = process.env.CITUS_BUILD_SCRIPT
    ? [process.env.CITUS_BUILD_SCRIPT]
    : [path.resolve(root, '../shared/citus/build.sh'), '/work/shared/citus/build.sh'];
  const script = candidates.find((candidate) => existsSync(candidate));
  if (!script) fail(`no ${library}, and no Citus build script at ${candidates.join(', ')}`);
  console.log(`\n== Citus is not installed: building it with ${script}`);
  const started = performance.now();
  const build = spawnSync('bash', [script], { stdio: 'inherit' });
  if (build.error || build.status !== 0) fail(`${script} failed (${build.error?.message ?? `exit ${build.status}`})`);
  if (!existsSync(library)) fail(`${script} ran, yet there is no ${library}`);
  console.log(`== Citus built and installed in ${seconds(started)}`);
}

function runVitest(env: Record<string, string>): Promise<number> {
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const child: ChildProcess = spawn(
    process.execPath,
    [vitest, 'run', '--config', 'vitest.citus.config.ts', ...vitestArgs],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } },
  );
  // Whatever ends this process (a signal, as the cluster's exit hook turns it into an exit)
  // ends the tests too, so that nothing is left talking to a stopped cluster.
  const stopTests = (): void => void child.kill('SIGTERM');
  process.on('exit', stopTests);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      process.off('exit', stopTests);
      resolve(code ?? 1);
    });
  });
}

ensureCitusInstalled();
const clusterStart = performance.now();
const cluster = await startCitusCluster().catch((error: Error) => fail(error.message));
const [coordinator, ...workers] = [cluster.coordinatorUrl, ...cluster.workers.map((worker) => worker.url)].map(
  (url) => new URL(url).port,
);
console.log(
  `\n== Citus cluster up in ${seconds(clusterStart)}: coordinator on port ${coordinator}, workers on ${workers.join(', ')} (${cluster.dir})\n`,
);
const testsStart = performance.now();
const status = await runVitest(citusEnvironment(cluster)).finally(async () => {
  console.log(`\n== Citus tests ended after ${seconds(testsStart)}`);
  const stopStart = performance.now();
  await cluster.stop();
  console.log(`== Citus cluster stopped and removed in ${seconds(stopStart)}`);
});
process.exit(status);
