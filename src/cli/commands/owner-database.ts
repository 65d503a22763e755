// Every database command runs as the owner (tenants and tenant_domains are global tables only
// the owner writes), and closes its connection, and the embedded server if it started one,
// whatever happens.
import type { Knex } from 'knex';
import { loadConfig, type WorkerConfig } from '../../config.ts';
import { withOwner } from '../owner.ts';
import type { CliIo } from './command.ts';

export async function withOwnerDatabase<T>(
  io: CliIo,
  work: (owner: Knex, config: WorkerConfig) => Promise<T>,
): Promise<T> {
  // Operator commands sign nothing and send no mail: no SESSION_SECRET or SMTP_URL in production.
  const config = loadConfig(io.env, 'cli');
  return withOwner(config, (owner) => work(owner, config));
}
