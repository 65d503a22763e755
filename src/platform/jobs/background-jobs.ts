// The background jobs, in one list that both entry points start: `npm start` (unless
// WORKER_IN_PROCESS=false) and `npm run worker`. A new job is one more entry in `starters`.
import { createSealedBox } from '../crypto/sealed-box.ts';
import { MailOutbox } from '../mail/outbox.ts';
import { startMailWorker } from '../mail/start-mail.ts';
import { startHousekeeping } from './housekeeping.ts';
import { startFeatureJobs } from './feature-jobs.ts';
import type { Stoppable } from '../process/lifecycle.ts';
import type { BackgroundJobDeps } from './job-deps.ts';

type Starter = (deps: BackgroundJobDeps) => Stoppable | Promise<Stoppable>;

const starters: [name: string, start: Starter][] = [
  ['housekeeping', ({ db, clock, logger, purges }) => startHousekeeping({ db, clock, logger, purges })],
  ['mail outbox', startMailWorker],
  [
    'feature jobs',
    ({ db, appDb, registry, clock, logger, config, jobs }) =>
      startFeatureJobs({
        db,
        tenantDb: appDb,
        tenants: () => registry.all(),
        outbox: new MailOutbox({ sealedBox: createSealedBox(config.dataKey, config.previousDataKeys), clock }),
        clock,
        logger,
        config,
        jobs,
      }),
  ],
];

/**
 * Starts every job, in order; if one cannot start, those already running are stopped and the
 * error is passed on (start-up fails). stop() waits for each job's current batch, all at once.
 */
export async function startBackgroundJobs(deps: BackgroundJobDeps): Promise<Stoppable> {
  const running: [string, Stoppable][] = [];
  const stopAll = async () => {
    const results = await Promise.allSettled(running.map(([, job]) => job.stop()));
    const failed = results.flatMap((result, i) => {
      if (result.status === 'fulfilled') return [];
      deps.logger.error({ err: result.reason, job: running[i]![0] }, 'background job did not stop cleanly');
      return [running[i]![0]];
    });
    if (failed.length > 0) throw new Error(`background jobs did not stop cleanly: ${failed.join(', ')}`);
  };
  try {
    for (const [name, start] of starters) running.push([name, await start(deps)]);
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
  deps.logger.info({ jobs: running.map(([name]) => name) }, 'background jobs running');
  return { stop: stopAll };
}
