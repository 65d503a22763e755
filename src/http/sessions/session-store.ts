// The session store: connect-pg-simple's class, one store per tenant, with its three queries
// our own, each scoped to the tenant so row-level security makes another tenant's session id
// simply not exist. Loading also applies the user's "sessions valid after" stamp.
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { Knex } from 'knex';
import { withTenant, type TenantId } from '../../db/tenant-transaction.ts';
import type { Clock } from '../../lib/clock.ts';

const PostgresStore = connectPgSimple(session);

/**
 * get, set and destroy are our own below (touch is off, pruning is the worker's), so
 * connect-pg-simple's generic query path must never run: fail loudly if a new version uses it.
 */
const noGenericQueries = {
  query: async () => {
    throw new Error('TenantSessionStore: unexpected connect-pg-simple query');
  },
};

export class TenantSessionStore extends PostgresStore {
  private readonly db: Knex;
  private readonly tenantId: TenantId;

  private readonly clock: Clock;

  constructor(db: Knex, tenantId: TenantId, clock: Clock) {
    super({
      pool: noGenericQueries as never,
      tableName: 'sessions',
      createTableIfMissing: false,
      // The worker prunes expired rows (src/worker/housekeeping.ts), not every web process.
      pruneSessionInterval: false,
      // express-session would touch the row on every request; the idle deadline is kept in
      // the session instead and moved at most once a minute (tenant-sessions.ts).
      disableTouch: true,
    });
    this.db = db;
    this.tenantId = tenantId;
    this.clock = clock;
  }

  /**
   * Saving never brings a deleted session back. connect-pg-simple upserts, so a request still
   * in flight when its session was signed out (or ended by a cutoff) would re-insert the row
   * when it saves the moved idle deadline. Here an existing row is updated; a missing one is
   * inserted only for a session that was never saved before (created and last seen at once).
   */
  override set(sid: string, sess: session.SessionData, done?: (error?: unknown) => void): void {
    const expire = sess.cookie?.expires
      ? new Date(sess.cookie.expires)
      : new Date(this.clock.now().getTime() + 86_400_000);
    const fresh = sess.createdAt !== undefined && sess.createdAt === sess.seenAt;
    withTenant(this.db, this.tenantId, async (trx) => {
      const updated = await trx('sessions').where({ sid }).update({ sess, expire });
      if (updated === 0 && fresh) await trx('sessions').insert({ sid, sess, expire });
    }).then(
      () => done?.(),
      (error: unknown) => done?.(error),
    );
  }

  /**
   * Every signed-in request loads its session: one statement (load_live_session, migration
   * 20261122001300) that scopes itself to the tenant and applies the user's "sessions valid
   * after" stamp, instead of a transaction of three round trips.
   */
  override get(sid: string, done: (error: unknown, session?: session.SessionData | null) => void): void {
    this.db
      .raw<{ rows: { sess: session.SessionData | null }[] }>('SELECT load_live_session(?, ?, ?) AS sess', [
        this.tenantId,
        sid,
        this.clock.now(),
      ])
      .then(({ rows }) => done(null, rows[0]?.sess ?? null), done);
  }

  override destroy(sid: string, done?: (error?: unknown) => void): void {
    withTenant(this.db, this.tenantId, (trx) => trx('sessions').where({ sid }).delete()).then(
      () => done?.(),
      (error: unknown) => done?.(error),
    );
  }
}
