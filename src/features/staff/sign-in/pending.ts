// The half-done sign-in: after the password (or a password set from a link) and before the
// second factor, the staff session holds only this marker, never `auth`, so no page behind
// requireStaff opens and serviceContext(res) still sees a visitor. It lasts ten minutes; the
// enrolment's new secret waits in it sealed. signIn() after the second factor rotates the
// session into a signed-in one, and the marker goes with the old session.
import type { Request } from 'express';
import type { Clock } from '../../../lib/clock.ts';
import { saveSession } from '../../../platform/sessions/sign-in.ts';
import type { TenantId } from '../../../platform/tenancy/tenant-transaction.ts';

export interface PendingSignIn {
  staffId: string;
  /** When the first factor was proved (epoch ms). */
  since: number;
  /** The staff page to go on to afterwards (a path inside /admin). */
  next?: string;
  /** The secret being enrolled, sealed (base64url): the same QR code on every reload. */
  enrolSecret?: string;
}

declare module 'express-session' {
  interface SessionData {
    staffPending?: PendingSignIn;
    /** The recovery codes to show once after enrolment, sealed (base64url); deleted as they are shown. */
    staffRecoveryCodes?: string;
  }
}

export const PENDING_LIFETIME_MS = 10 * 60_000;

function promisify(run: (done: (error?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((error) => (error ? reject(error) : resolve())));
}

/** The first factor proved: a fresh session id holding only the marker. */
export async function startPending(
  req: Request,
  tenantId: TenantId,
  staffId: string,
  clock: Clock,
  next?: string,
): Promise<void> {
  await promisify((done) => req.session.regenerate(done));
  const now = clock.now().getTime();
  // Stamped as every stored session is (the store inserts only a session so stamped), so the
  // session's idle and absolute timeouts hold for the marker too.
  req.session.tenantId = tenantId;
  req.session.createdAt = now;
  req.session.seenAt = now;
  req.session.staffPending = { staffId, since: now, ...(next ? { next } : {}) };
  await saveSession(req);
}

/** The marker, while it lasts. */
export function pendingOf(req: Request, clock: Clock): PendingSignIn | undefined {
  const pending = req.session?.staffPending;
  if (!pending || clock.now().getTime() - pending.since >= PENDING_LIFETIME_MS) return undefined;
  return pending;
}

/** Back to the start: the marker dropped (a member gone, a sign-in abandoned). */
export function dropPending(req: Request): void {
  if (req.session) delete req.session.staffPending;
}
