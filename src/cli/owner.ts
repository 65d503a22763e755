// The owner connection for command-line tasks: the configured owner URL, or the embedded
// server of DATA_DIR when none is configured: the one `npm start` runs, or else one started
// for the duration of the command.
import type { Knex } from 'knex';
import type { WorkerConfig } from '../config.ts';
import { bootstrapOwner } from '../platform/db/database.ts';
import { createDatabase } from '../platform/tenancy/tenant-transaction.ts';
import { createLogger } from '../platform/logger.ts';

/**
 * Runs the work as the owner, then closes the connection (and stops the embedded server if it
 * was started here) whatever happens. A failure because `npm start` stopped its server under
 * the work is reported as that (EmbeddedServerError), not as a bare lost connection.
 */
export async function withOwner<T>(config: WorkerConfig, work: (owner: Knex) => Promise<T>): Promise<T> {
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const { urls, embedded } = await bootstrapOwner(config, logger);
  const owner = createDatabase({ url: urls.ownerUrl, poolMax: 2, applicationName: 'okienko cli' });
  try {
    return await work(owner);
  } catch (error) {
    throw embedded ? embedded.explain(error) : error;
  } finally {
    await owner.destroy();
    await embedded?.stop();
  }
}
