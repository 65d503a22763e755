// The session store: connect-pg-simple's class, one store per tenant, with its three queries
// our own, each scoped to the tenant so row-level security makes another tenant's session id
// simply not exist. Loading also applies the user's "sessions valid after" stamp.
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { Request } from 'express';
import type { Knex } from 'knex';
import { runPrepared, type PreparedStatement } from '../db/prepared-statement.ts';
import { tenantRows, withTenant, type TenantId } from '../tenancy/tenant-transaction.ts';
import { notify } from '../db/notify.ts';
import type { Clock } from '../../lib/clock.ts';
import { SESSIONS_CHANGED_CHANNEL, type SessionCache } from './session-cache.ts';

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

/** The statements of get() and of saving a new session (src/platform/db/prepared-statement.ts). */
const LOAD_SESSION: PreparedStatement = {
  name: 'okienko_load_live_session',
  text: 'SELECT load_live_session($1, $2, $3) AS sess',
};
const SAVE_NEW_SESSION: PreparedStatement = {
  name: 'okienko_save_new_session',
  text: 'SELECT save_new_session($1, $2, $3, $4)',
};

/**
 * Inserts a session saved for the first time, in one round trip (save_new_session): the
 * sign-in's save, and the sessions mint-session.ts writes for the bench and tests.
 */
export function saveNewSession(db: Knex, tenantId: TenantId, sid: string, sessJson: string, expire: Date) {
  return runPrepared(db, SAVE_NEW_SESSION, [tenantId, sid, sessJson, expire]);
}

/**
 * Tells the other processes whose sessions changed. Its own statement, never inside the one
 * that changes the row: on Citus that statement runs on the worker, where nobody listens.
 */
async function notifyUsers(trx: Knex.Transaction, rows: { user_id: string | null }[]): Promise<void> {
  for (const { user_id: userId } of rows) if (userId) await notify(trx, SESSIONS_CHANGED_CHANNEL, userId);
}

/**
 * Saves a session that has a row (a moved idle deadline, a changed page state) and tells the
 * other processes to forget their copy, at commit (notify.ts). A lost save costs the user at
 * most a minute of idle deadline, so it does not wait for the disk. A row signed out meanwhile
 * stays gone: see set().
 */
function saveLiveSession(db: Knex, tenantId: TenantId, sid: string, sessJson: string, expire: Date) {
  return withTenant(db, tenantId, async (trx) => {
    await trx.raw('SET LOCAL synchronous_commit = off');
    const saved = await tenantRows(trx, 'sessions')
      .where({ sid })
      .update({ sess: sessJson, expire })
      .returning('user_id');
    await notifyUsers(trx, saved);
  });
}

export class TenantSessionStore extends PostgresStore {
  private readonly db: Knex;
  private readonly tenantId: TenantId;

  private readonly clock: Clock;
  private readonly cache: SessionCache | undefined;
  /** What each session object last wrote, as JSON: see set(). */
  private readonly written = new WeakMap<object, string>();

  /** Without a cache, every load asks the database. */
  constructor(db: Knex, tenantId: TenantId, clock: Clock, cache?: SessionCache) {
    super({
      pool: noGenericQueries as never,
      tableName: 'sessions',
      createTableIfMissing: false,
      // The worker prunes expired rows (src/platform/jobs/housekeeping.ts), not every web process.
      pruneSessionInterval: false,
      // express-session would touch the row on every request; the idle deadline is kept in
      // the session instead and moved at most once a minute (tenant-sessions.ts).
      disableTouch: true,
    });
    this.db = db;
    this.tenantId = tenantId;
    this.clock = clock;
    this.cache = cache;
    // With disableTouch, connect-pg-simple's touch() does nothing; without a touch() at all,
    // express-session skips the step on every response, and the session hash it computes for it.
    Object.defineProperty(this, 'touch', { value: undefined });
  }

  private cacheKey(sid: string): string {
    return `${this.tenantId} ${sid}`;
  }

  /**
   * Saving never brings a deleted session back. connect-pg-simple upserts, so a request still
   * in flight when its session was signed out (or ended by a cutoff) would re-insert the row
   * when it saves the moved idle deadline. Here an existing row is updated; a missing one is
   * inserted only for a session that was never saved before (created and last seen at once):
   * the sign-in's save. One round trip either way.
   *
   * A session object saving again what it already wrote writes nothing. express-session saves
   * a regenerated session once more as the response ends, even when the route saved it before
   * redirecting (its own bookkeeping follows only the session object it made), and by then the
   * browser may have followed the redirect and saved newer state, such as the enrolment's
   * secret: the echo would overwrite it. The cookie is left out of the comparison: that last
   * save first touches it, moving its expiry by the milliseconds since the route's save (by
   * the system clock), and the headers with the redirect have left before it runs.
   */
  override set(sid: string, sess: session.SessionData, done?: (error?: unknown) => void): void {
    const sessJson = JSON.stringify(sess);
    const content = JSON.stringify({ ...sess, cookie: undefined });
    if (this.written.get(sess) === content) {
      done?.();
      return;
    }
    const expire = sess.cookie?.expires
      ? new Date(sess.cookie.expires)
      : new Date(this.clock.now().getTime() + 86_400_000);
    const fresh = sess.createdAt !== undefined && sess.createdAt === sess.seenAt;
    const saved = fresh
      ? saveNewSession(this.db, this.tenantId, sid, sessJson, expire)
      : saveLiveSession(this.db, this.tenantId, sid, sessJson, expire);
    saved.then(
      () => {
        this.written.set(sess, content);
        this.forgotten(sid, done);
      },
      // Failed, maybe only its answer: forgetting is always safe.
      (error: unknown) => this.forgotten(sid, done, error),
    );
  }

  /**
   * Signing in regenerates the session, which deletes the old row first. A session without
   * createdAt has no row to delete: set() inserts only sessions stamped when they were signed
   * into, and every row get() loads has that stamp (a planted or dead id makes express-session
   * start a new, unsaved session). So the anonymous visitor who signs in skips a transaction.
   */
  override regenerate(req: Request, done: (error?: unknown) => void): void {
    if ((req.session as Partial<session.SessionData> | undefined)?.createdAt !== undefined) {
      super.regenerate(req, done);
      return;
    }
    (this as unknown as { generate(req: Request): void }).generate(req);
    done();
  }

  /**
   * Every signed-in request loads its session, from this process's cache (session-cache.ts)
   * or else with one statement (load_live_session, migration 20261122001300) that scopes
   * itself to the tenant and applies the user's "sessions valid after" stamp, instead of a
   * transaction of three round trips; as a prepared statement its CPU fell from ~70 to ~45 µs.
   */
  override get(sid: string, done: (error: unknown, session?: session.SessionData | null) => void): void {
    this.loadLive(sid).then((sess) => done(null, sess), done);
  }

  private async loadLive(sid: string): Promise<session.SessionData | null> {
    const now = this.clock.now();
    const key = this.cacheKey(sid);
    const cached = this.cache?.get(key, now.getTime());
    if (cached !== undefined) return JSON.parse(cached) as session.SessionData;
    const load = this.cache?.startLoad();
    const sess = await this.loadFromDatabase(sid, now);
    const expires = sess?.cookie?.expires;
    // The row's expire is the cookie's (set() above), so the cache can tell when it no longer holds.
    if (load && sess && expires) this.cache?.remember(key, load, { sess, expire: new Date(expires) });
    return sess;
  }

  private async loadFromDatabase(sid: string, now: Date): Promise<session.SessionData | null> {
    const rows = await runPrepared<{ sess: session.SessionData | null }>(this.db, LOAD_SESSION, [
      this.tenantId,
      sid,
      now,
    ]);
    return rows[0]?.sess ?? null;
  }

  override destroy(sid: string, done?: (error?: unknown) => void): void {
    withTenant(this.db, this.tenantId, async (trx) =>
      notifyUsers(trx, await tenantRows(trx, 'sessions').where({ sid }).delete().returning('user_id')),
    ).then(
      () => this.forgotten(sid, done),
      (error: unknown) => this.forgotten(sid, done, error),
    );
  }

  /**
   * After a save or a delete: the next load here reads the row as it now is (the other
   * processes were notified with the change), and no load under way meanwhile is kept.
   */
  private forgotten(sid: string, done: ((error?: unknown) => void) | undefined, error?: unknown): void {
    this.cache?.forgetKey(this.cacheKey(sid));
    done?.(error);
  }
}
