// connect-pg-simple, one store per tenant, every query inside a transaction scoped to that
// tenant: row-level security then makes another tenant's session id simply not exist.
// Loading a session also applies its user's "sessions valid after" stamp in the same query.
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { Knex } from 'knex';
import { withTenant, type TenantId } from '../../db/tenant-transaction.ts';
import type { Clock } from '../../lib/clock.ts';

const PostgresStore = connectPgSimple(session);

/** connect-pg-simple speaks pg's $1…$n; knex's raw bindings are positional '?' placeholders. */
function toKnexBindings(text: string, params: unknown[]): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [];
  const sql = text.replace(/\$(\d+)/g, (_match, index: string) => {
    bindings.push(params[Number(index) - 1]);
    return '?';
  });
  return { sql, bindings };
}

/** The `pool` connect-pg-simple queries: each query is its own tenant-scoped transaction. */
function tenantPool(db: Knex, tenantId: TenantId) {
  return {
    query: async (text: string, params: unknown[] = []) => {
      const { sql, bindings } = toKnexBindings(text, params);
      return withTenant(db, tenantId, (trx) => trx.raw(sql, bindings as Knex.RawBinding[]));
    },
  };
}

export class TenantSessionStore extends PostgresStore {
  private readonly db: Knex;
  private readonly tenantId: TenantId;

  private readonly clock: Clock;

  constructor(db: Knex, tenantId: TenantId, clock: Clock) {
    super({
      pool: tenantPool(db, tenantId) as never,
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
}
