// What the worker deletes of the staff context's rows: the links (invitations, password
// resets), as the clients' are. Nothing else of staff is ever deleted.
import type { Knex } from 'knex';
import { pruneUsedOrExpiredLinks, type Purge } from '../../platform/jobs/housekeeping.ts';

export function pruneStaffTokens(db: Knex, now: Date): Promise<number> {
  return pruneUsedOrExpiredLinks(db, 'staff_tokens', now);
}

export const STAFF_PURGES: Readonly<Record<string, Purge>> = { staffTokens: pruneStaffTokens };
