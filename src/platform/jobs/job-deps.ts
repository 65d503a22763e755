// What every background job is started with, from either entry point (main.ts, worker.ts).
import type { i18n } from 'i18next';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../../config.ts';
import type { Clock } from '../../lib/clock.ts';
import type { MailCatalogue } from '../mail/templates.ts';
import type { TenantRegistry } from '../tenancy/tenant-registry.ts';
import type { FeatureJob } from '../feature.ts';
import type { Purge } from './housekeeping.ts';

export interface BackgroundJobDeps {
  /** Both processes' configurations fit here (the worker's lacks only the session secret). */
  config: WorkerConfig;
  /** The worker role's connection: jobs work across tenants. */
  db: Knex;
  /** The app role's connection, for the features' jobs that act inside one tenant (FeatureJobDeps). */
  appDb: Knex;
  /** The worker role's URL, for jobs that LISTEN. */
  listenUrl: string;
  registry: TenantRegistry;
  i18n: i18n;
  clock: Clock;
  logger: Logger;
  /** Every mail template by name (the features' and the platform's). */
  mails: MailCatalogue;
  /** The features' purges, run after the platform's own. */
  purges: Readonly<Record<string, Purge>>;
  /** The features' own jobs (their manifests). */
  jobs: readonly FeatureJob[];
}
