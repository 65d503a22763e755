// The owner connection for command-line tasks: the configured owner URL, or the embedded
// server (started for the duration of the command) when none is configured.
import type { Knex } from 'knex';
import type { WorkerConfig } from '../config.ts';
import { bootstrapOwner } from '../platform/db/database.ts';
import { createDatabase } from '../platform/tenancy/tenant-transaction.ts';
import { createLogger } from '../platform/logger.ts';

export async function openOwnerDatabase(config: WorkerConfig): Promise<{ owner: Knex; close(): Promise<void> }> {
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const { urls, embedded } = await bootstrapOwner(config, logger);
  const owner = createDatabase({ url: urls.ownerUrl, poolMax: 2, applicationName: 'okienko cli' });
  return {
    owner,
    close: async () => {
      await owner.destroy();
      await embedded?.stop();
    },
  };
}
