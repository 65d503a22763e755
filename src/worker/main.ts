// npm run worker: the background jobs alone, connected as the worker role, for deployments
// that run web and worker processes separately. `npm start` runs them in-process as well.
import { loadConfig } from '../config.ts';
import { openDatabases } from '../db/database.ts';
import { systemClock } from '../lib/clock.ts';
import { createLogger } from '../logger.ts';
import { startHousekeeping } from './housekeeping.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const databases = await openDatabases(config, logger);
const housekeeping = startHousekeeping({ db: databases.worker, clock: systemClock, logger });
await housekeeping.runOnce();
logger.info('worker running');

async function shutdown(): Promise<void> {
  await housekeeping.stop();
  await databases.close();
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown());
