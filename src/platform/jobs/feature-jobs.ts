// The features' own jobs (their manifests' `jobs`), each on its own timer. A pass that fails is
// logged and tried again at the next tick; a tick that finds the last pass still running skips,
// so a slow pass never piles up behind itself.
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import type { FeatureJob, FeatureJobDeps } from '../feature.ts';
import type { Stoppable } from '../process/lifecycle.ts';

export function startFeatureJobs({
  jobs,
  ...deps
}: FeatureJobDeps & { db: Knex; clock: Clock; logger: Logger; jobs: readonly FeatureJob[] }): Stoppable {
  const running = new Map<string, Promise<void>>();
  const timers = jobs.map((job) => {
    const tick = () => {
      if (running.has(job.name)) return;
      const pass = job
        .run(deps)
        .then((handled) => {
          if (handled > 0) deps.logger.info({ job: job.name, handled }, 'feature job');
        })
        .catch((error: unknown) =>
          deps.logger.warn({ err: error, job: job.name }, 'feature job failed; retrying later'),
        )
        .finally(() => running.delete(job.name));
      running.set(job.name, pass);
    };
    // A little jitter, so several workers started together do not all run at once.
    const timer = setInterval(tick, job.everyMs + Math.floor(Math.random() * Math.min(job.everyMs, 2_000)));
    timer.unref();
    return timer;
  });
  return {
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
