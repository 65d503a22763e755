// What a session holds. Everything is plain JSON (connect-pg-simple stores it as jsonb);
// times are epoch milliseconds from the injectable clock.
import type { TenantId } from '../tenancy/tenant-transaction.ts';

export type SessionKind = 'client' | 'staff';

export interface SignedInUser {
  userId: string;
  kind: SessionKind;
  /** Display name, so a page can greet the user without a query. */
  name: string;
  /** Compared with the user's "sessions valid after" stamp on every load (session_cutoffs). */
  signedInAt: number;
  /** Signed in with a start password: nothing but changing it is allowed until it is changed. */
  mustChangePassword?: true;
  /** Where and with what the session was signed in, for the client's list of sessions. */
  ip?: string;
  userAgent?: string;
}

declare module 'express-session' {
  interface SessionData {
    tenantId: TenantId;
    auth: SignedInUser;
    /** When the session started; it ends after the tenant's absolute lifetime. */
    createdAt: number;
    /** Last activity, moved at most once a minute; the session ends after the idle timeout. */
    seenAt: number;
  }
}

/** The idle deadline moves at most this often, so a signed-in page view almost never writes. */
export const SEEN_AT_RESOLUTION_MS = 60_000;
