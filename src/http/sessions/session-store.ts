// connect-pg-simple, one store per tenant, every query inside a transaction scoped to that
// tenant: row-level security then makes another tenant's session id simply not exist.
// Loading a session also applies its user's "sessions valid after" stamp in the same query.
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { Knex } from 'knex';
import { withTenant, type TenantId } from '../../db/tenant-transaction.ts';

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

const LOAD_LIVE_SESSION = `
  SELECT s.sess FROM sessions s
    LEFT JOIN session_cutoffs c ON c.tenant_id = s.tenant_id AND c.user_id = s.user_id
   WHERE s.sid = $1 AND s.expire >= to_timestamp($2)
     AND (c.valid_after IS NULL OR s.signed_in_ms >= extract(epoch FROM c.valid_after) * 1000)`;

export class TenantSessionStore extends PostgresStore {
  constructor(db: Knex, tenantId: TenantId) {
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
  }

  override get(sid: string, done: (error: unknown, session?: session.SessionData | null) => void): void {
    const query = (this as unknown as { query: PostgresQuery }).query.bind(this);
    query(LOAD_LIVE_SESSION, [sid, Date.now() / 1000], (error, row) => {
      if (error) return done(error);
      done(null, (row?.sess as session.SessionData | undefined) ?? null);
    });
  }
}

type PostgresQuery = (
  text: string,
  params: unknown[],
  done: (error: unknown, row?: { sess?: unknown }) => void,
) => void;
