// What the security page shows: the client's live sessions at this tenant and their recent
// sign-ins. A session id is a bearer credential: it is compared here and never leaves.
import type { Knex } from 'knex';
import { withTenant, tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import type { Clock } from '../../../lib/clock.ts';
import type { ServiceContext } from '../../../platform/service-context.ts';
import type { SignedInUser } from '../../../platform/sessions/session-data.ts';
import { recentSignInEvents, type SignInEvent } from '../sign-in/sign-in-events.ts';

export interface ActiveSession {
  /** The browser this page is being read in. */
  current: boolean;
  ip: string | undefined;
  userAgent: string | undefined;
  signedInAt: Date;
  lastSeenAt: Date;
}

interface SessionRow {
  sid: string;
  sess: { auth?: SignedInUser; seenAt?: number };
}

/**
 * The client's sessions that still work: not expired, and not signed in before the user's
 * "sessions valid after" stamp (the same rule load_live_session applies). Newest activity first.
 */
export async function activeSessions(
  trx: Knex.Transaction,
  { clientId, currentSid, now }: { clientId: string; currentSid: string | undefined; now: Date },
): Promise<ActiveSession[]> {
  const rows: SessionRow[] = await tenantRows(trx, 'sessions as s')
    .leftJoin('session_cutoffs as c', (join) => join.on('c.tenant_id', 's.tenant_id').andOn('c.user_id', 's.user_id'))
    .where({ 's.user_id': clientId, 's.kind': 'client' })
    .andWhere('s.expire', '>', now)
    .andWhere((live) =>
      live.whereNull('c.valid_after').orWhereRaw('s.signed_in_ms >= extract(epoch FROM c.valid_after) * 1000'),
    )
    .select('s.sid', 's.sess');
  return rows
    .map(({ sid, sess }) => {
      const signedInAt = sess.auth?.signedInAt ?? 0;
      return {
        current: sid === currentSid,
        ip: sess.auth?.ip,
        userAgent: sess.auth?.userAgent,
        signedInAt: new Date(signedInAt),
        lastSeenAt: new Date(sess.seenAt ?? signedInAt),
      };
    })
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
}

export interface SecurityOverview {
  sessions: ActiveSession[];
  /** The newest successful sign-ins, apart: a run of wrong passwords (anyone can cause one) must not push them off the page. */
  successes: SignInEvent[];
  events: SignInEvent[];
}

/** How many sign-ins the page lists; the export has all that are kept. */
export const RECENT_SIGN_INS = 20;
export const RECENT_SUCCESSES = 5;

/** The client's sessions and sign-ins; `currentSid` marks the session the page is read in, if it is theirs. */
export function securityOverview(
  deps: { db: Knex; clock: Clock },
  { tenant }: ServiceContext,
  { clientId, currentSid }: { clientId: string; currentSid: string | undefined },
): Promise<SecurityOverview> {
  const query = { clientId, currentSid, now: deps.clock.now() };
  return withTenant(deps.db, tenant.id, async (trx) => ({
    sessions: await activeSessions(trx, query),
    successes: await recentSignInEvents(trx, query.clientId, { limit: RECENT_SUCCESSES, outcome: 'success' }),
    events: await recentSignInEvents(trx, query.clientId, { limit: RECENT_SIGN_INS }),
  }));
}
