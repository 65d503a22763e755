// Telling the other processes that something they keep in memory changed (LISTEN/NOTIFY:
// sessions, tenants, queued mail). The code that writes sends the notice in its own
// transaction, never a trigger: on Citus a trigger fires on the worker that holds the shard,
// where no process listens, and a NOTIFY there makes the two-phase commit of any write that
// spans two nodes fail (docs/scaling.md). For the same reason the notice is a statement of its
// own, with no table in it: inside an UPDATE's or DELETE's statement Citus would send it to the
// worker too. A NOTIFY is delivered at commit and dropped on rollback.
import type { Knex } from 'knex';

export async function notify(db: Knex | Knex.Transaction, channel: string, payload = ''): Promise<void> {
  await db.raw('SELECT pg_notify(?, ?)', [channel, payload]);
}
