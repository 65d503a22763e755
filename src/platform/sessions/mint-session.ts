// Writes a signed-in session straight into the store and returns the Cookie header that
// carries it, exactly as the browser would hold it after signing in. For tools that need many
// signed-in visitors without a sign-in form: the benchmark and tests.
import { randomBytes } from 'node:crypto';
import signature from 'cookie-signature';
import type { Knex } from 'knex';
import type { Tenant } from '../tenancy/tenant.ts';
import type { Clock } from '../../lib/clock.ts';
import type { SessionKind } from './session-data.ts';
import { saveNewSession } from './session-store.ts';
import { sessionCookieName, sessionCookieOptions, sessionLimits } from './tenant-sessions.ts';

export interface MintSessionOptions {
  db: Knex;
  tenant: Tenant;
  user: { id: string; name: string; kind?: SessionKind };
  secret: string;
  clock: Clock;
  secure?: boolean;
}

export async function mintSignedInSession({ db, tenant, user, secret, clock, secure = false }: MintSessionOptions) {
  const sid = randomBytes(24).toString('base64url');
  const now = clock.now().getTime();
  const { idleMinutes, absoluteHours } = sessionLimits(tenant, user.kind ?? 'client');
  const maxAge = absoluteHours * 3_600_000;
  const expires = new Date(Math.min(now + idleMinutes * 60_000, now + maxAge));
  const sess = {
    cookie: { ...sessionCookieOptions(secure), originalMaxAge: maxAge, expires: expires.toISOString() },
    tenantId: tenant.id,
    auth: { userId: user.id, kind: user.kind ?? 'client', name: user.name, signedInAt: now },
    createdAt: now,
    seenAt: now,
  };
  await saveNewSession(db, tenant.id, sid, JSON.stringify(sess), expires);
  const name = sessionCookieName(tenant, user.kind ?? 'client', secure);
  return { sid, cookie: `${name}=${encodeURIComponent(`s:${signature.sign(sid, secret)}`)}` };
}
