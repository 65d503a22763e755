// signIn / signOut / endOtherSessions: the helpers the accounts issues build on.
import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { tenantIdOf, tenantRows, withTenant, type TenantId } from '../tenancy/tenant-transaction.ts';
import type { Clock } from '../../lib/clock.ts';
import type { SessionKind } from './session-data.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { sessionCookieOptions, sessionLimits } from './tenant-sessions.ts';
import { forgetSessionsOfUser, SESSIONS_CHANGED_CHANNEL } from './session-cache.ts';
import { notify } from '../db/notify.ts';

/** What signing in needs of the tenant: its id and session settings. */
export type SessionTenant = Pick<Tenant, 'id' | 'settings'>;

export interface SignInUser {
  id: string;
  name: string;
  kind: SessionKind;
  mustChangePassword?: boolean;
  ip?: string;
  userAgent?: string;
  /** When the credentials were checked, if before now: a cutoff written since then ends the session. */
  signedInAt?: Date;
}

function promisify(run: (done: (error?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((error) => (error ? reject(error) : resolve())));
}

/**
 * Stores what a request put in the session before it answers. express-session saves a changed
 * session only as the response ends, after its headers have gone, so a browser that follows the
 * redirect (or reloads) at once can load the session as it was: a secret or a sheet to show once
 * lost, or shown twice.
 */
export function saveSession(req: Request): Promise<void> {
  return promisify((done) => req.session.save(done));
}

/** Starts a signed-in session under a new id: the id the visitor had before stops working. */
export async function signIn(req: Request, tenant: SessionTenant, user: SignInUser, clock: Clock): Promise<void> {
  await promisify((done) => req.session.regenerate(done));
  const now = clock.now().getTime();
  const { idleMinutes, absoluteHours } = sessionLimits(tenant, user.kind);
  // The row's expiry (what the store and the pruning read) follows the same clock as the
  // timeouts: the nearer of the idle and absolute deadlines.
  req.session.cookie.expires = new Date(now + Math.min(idleMinutes * 60_000, absoluteHours * 3_600_000));
  req.session.tenantId = tenant.id;
  req.session.auth = {
    userId: user.id,
    kind: user.kind,
    name: user.name,
    signedInAt: Math.min(now, user.signedInAt?.getTime() ?? now),
    ...(user.mustChangePassword ? { mustChangePassword: true as const } : {}),
    ...(user.ip === undefined ? {} : { ip: user.ip }),
    ...(user.userAgent === undefined ? {} : { userAgent: user.userAgent }),
  };
  req.session.createdAt = now;
  req.session.seenAt = now;
  await saveSession(req);
}

/** The browser's User-Agent as kept with a session or a sign-in event: bounded, one line. */
export function userAgentOf(req: Request): string {
  return (req.get('user-agent') ?? '').replace(/[\r\n]/g, ' ').slice(0, 512);
}

/** Ends this session: the row is deleted and the cookie cleared, so replaying it does nothing. */
export async function signOut(req: Request, res: Response, cookie: { name: string; secure: boolean }): Promise<void> {
  await promisify((done) => req.session.destroy(done));
  res.clearCookie(cookie.name, sessionCookieOptions(cookie.secure));
}

/**
 * Ends every session of a user (a reset done elsewhere, a closed account, a staff
 * deactivation): their rows go, and the user's "sessions valid after" stamp kills any copy
 * still in flight. Inside `trx`, so it commits with the change that calls for it.
 */
export async function endSessionsOfUserIn(trx: Knex.Transaction, userId: string, now: Date): Promise<number> {
  // This process's cached copies go once the change has committed (or failed: forgetting is
  // always safe), in the same turn of the event loop, so no later request here finds them; the
  // other processes hear of it at commit (SESSIONS_CHANGED_CHANNEL).
  // Inside a savepoint, what counts is the outermost transaction's commit.
  let outermost = trx;
  while (outermost.parentTransaction) outermost = outermost.parentTransaction;
  const forget = (): void => forgetSessionsOfUser(userId);
  outermost.executionPromise.then(forget, forget);
  await trx.raw(
    `INSERT INTO session_cutoffs (tenant_id, user_id, valid_after)
     VALUES (?, ?, ?)
     ON CONFLICT (tenant_id, user_id) DO UPDATE SET valid_after = excluded.valid_after`,
    [tenantIdOf(trx), userId, now],
  );
  await notify(trx, SESSIONS_CHANGED_CHANNEL, userId);
  return tenantRows(trx, 'sessions').where({ user_id: userId }).delete();
}

/** endSessionsOfUserIn in a transaction of its own. */
export function endAllSessionsOfUser(db: Knex, tenantId: TenantId, userId: string, clock: Clock): Promise<number> {
  return withTenant(db, tenantId, (trx) => endSessionsOfUserIn(trx, userId, clock.now()));
}

/** Ends every other session of the signed-in user (a password change): this one goes on under a new id. */
export async function endOtherSessions(req: Request, tenant: SessionTenant, db: Knex, clock: Clock): Promise<void> {
  const { auth } = req.session;
  if (req.session.tenantId !== tenant.id || !auth) throw new Error('endOtherSessions needs a signed-in session');
  await endAllSessionsOfUser(db, tenant.id, auth.userId, clock);
  await signIn(
    req,
    tenant,
    { id: auth.userId, name: auth.name, kind: auth.kind, ip: req.ip, userAgent: userAgentOf(req) },
    clock,
  );
}
