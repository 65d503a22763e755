// Signed-in visitors without the sign-in form: sessions written straight into the store by
// src/platform/sessions/mint-session.ts, each for its own user, as the app role would write them.
import { randomUUID } from 'node:crypto';
import { createDatabase } from '../src/platform/tenancy/tenant-transaction.ts';
import { TenantRegistry } from '../src/platform/tenancy/tenant-registry.ts';
import { mintSignedInSession } from '../src/platform/sessions/mint-session.ts';
import type { Clock } from '../src/lib/clock.ts';
import { SEEN_AT_RESOLUTION_MS, type SessionKind } from '../src/platform/sessions/session-data.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createCsrf } from '../src/platform/http/csrf.ts';
import type { Request, Response } from 'express';
import type { Tenant } from '../src/platform/tenancy/tenant.ts';
import { TENANT_SETTINGS } from '../src/features/index.ts';

export interface MintOptions {
  appUrl: string;
  slug: string;
  count: number;
  sessionSecret: string;
  /** The portal in production sets Secure (__Host-) cookies. */
  secure: boolean;
  /** Whose sessions, one each (`count` of them); unset: a new client each. */
  users?: readonly SessionUser[];
}

/** Who a minted session is signed in as: for a member of staff, their row's id (requireStaff reads it). */
export interface SessionUser {
  id: string;
  name: string;
  kind?: SessionKind;
}

/** Mints `count` signed-in sessions at the tenant and returns their Cookie header values. */
export async function mintSessions({
  appUrl,
  slug,
  count,
  sessionSecret,
  secure,
  users,
}: MintOptions): Promise<string[]> {
  if (users && users.length < count) throw new Error(`${count} sessions asked for, of ${users.length} users`);
  const db = createDatabase({ url: appUrl, poolMax: 4, applicationName: 'okienko bench sessions' });
  const registry = new TenantRegistry(db, createLogger('warn'), TENANT_SETTINGS);
  try {
    await registry.reload();
    const tenant = registry.findBySlug(slug);
    if (!tenant) throw new Error(`no tenant ${slug} to sign in at`);
    const cookies: string[] = [];
    const mintOne = async (index: number): Promise<void> => {
      const user = users?.[index] ?? { id: randomUUID(), name: `Bench Visitor ${index + 1}` };
      // Visitors sign in one after another, not all at one moment: session i was signed into
      // (and last seen) i/count of a minute ago, so their once-a-minute saves come evenly
      // spread, as real visitors' do, rather than all in the same second.
      const signedInAgo = Math.floor((index / count) * SEEN_AT_RESOLUTION_MS);
      const clock: Clock = { now: () => new Date(Date.now() - signedInAgo) };
      const { cookie, sid } = await mintSignedInSession({
        db,
        tenant,
        user,
        secret: sessionSecret,
        clock,
        secure,
      });
      // In the users' order, though minted four at a time.
      cookies[index] = `${cookie}; ${csrfCookieFor(tenant, sid, sessionSecret, secure)}`;
    };
    // Four at a time: the pool's size, and quick enough for a thousand.
    for (let start = 0; start < count; start += 4) {
      await Promise.all([0, 1, 2, 3].filter((i) => start + i < count).map((i) => mintOne(start + i)));
    }
    return cookies;
  } finally {
    await registry.close();
    await db.destroy();
  }
}

/**
 * The CSRF cookie a browser holds after its first page with a form, made by the portal's own
 * csrf module for this session, so the measured views reuse a token as a browser's would
 * instead of minting one per request.
 */
function csrfCookieFor(tenant: Tenant, sid: string, secret: string, secure: boolean): string {
  let cookie = '';
  const req = { cookies: {}, session: { auth: {} }, sessionID: sid } as unknown as Request;
  const res = {
    locals: { tenant },
    cookie: (name: string, value: string) => {
      cookie = `${name}=${encodeURIComponent(value)}`;
    },
  } as unknown as Response;
  createCsrf({ secret, secure }).tokenFor(req, res);
  return cookie;
}

/** Cookie headers in turn, one session after another, so every session keeps viewing pages. */
export function rotatingCookies(cookies: string[]): () => Record<string, string> {
  let next = 0;
  return () => ({ cookie: cookies[next++ % cookies.length]! });
}
