// The staff section's guards. requireStaff lets in a signed-in member of staff whose row says
// they are still active, and reads their role from that row at each request (never from the
// session, so a role change or a disable counts from the next request); allow(action) then asks
// the policy. staffContext(res) is the ServiceContext of a route behind requireStaff.
import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { HttpError } from '../../../platform/http/errors.ts';
import { serviceContext, type ServiceContext } from '../../../platform/service-context.ts';
import { signOut } from '../../../platform/sessions/sign-in.ts';
import { sessionCookieName } from '../../../platform/sessions/tenant-sessions.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { can, type StaffAction } from '../policy.ts';
import { staffMemberById, type StaffMember } from '../staff.repo.ts';

/** What the admin pages show of the signed-in member of staff (the header's name and role). */
export type SignedInStaff = Pick<StaffMember, 'id' | 'name' | 'email' | 'role'>;

declare module 'express-serve-static-core' {
  interface Locals {
    /** The signed-in member of staff as their row is now: set by requireStaff, read by the admin header. */
    staffMember?: SignedInStaff;
  }
}

/** A ServiceContext whose actor is a member of staff. */
export type StaffContext = ServiceContext & { actor: Extract<ServiceContext['actor'], { kind: 'staff' }> };

/** Only a path inside the staff section is returned to after signing in. */
export function adminReturnPath(req: Request): string {
  return req.method === 'GET' && req.path !== '/' ? `?next=${encodeURIComponent(req.path)}` : '';
}

export interface GuardDeps {
  db: Knex;
  secureCookies: boolean;
}

/**
 * Not signed in as staff (or only half-way, the password without the second factor): off to
 * the staff sign-in, which brings a page back. A session whose member is no longer active
 * (disabled since, or gone) is ended here and now, whatever the session store still holds.
 */
export function requireStaff({ db, secureCookies }: GuardDeps): RequestHandler {
  return async (req, res, next) => {
    const auth = req.session?.auth;
    const { ctx } = res.locals;
    if (auth?.kind !== 'staff') return res.redirect(303, ctx.url(`/admin/sign-in${adminReturnPath(req)}`));
    const tenant = tenantOf(res);
    const member = await withTenant(db, tenant.id, (trx) => staffMemberById(trx, auth.userId));
    if (member?.status !== 'active') {
      await signOut(req, res, { name: sessionCookieName(tenant, 'staff', secureCookies), secure: secureCookies });
      return res.redirect(303, ctx.url('/admin/sign-in'));
    }
    res.locals.staffRole = member.role;
    res.locals.staffMember = { id: member.id, name: member.name, email: member.email, role: member.role };
    next();
  };
}

/** The context of a route behind requireStaff: the tenant, the member of staff with their role of now. */
export function staffContext(res: Response): StaffContext {
  const context = serviceContext(res);
  if (context.actor.kind !== 'staff') throw new Error('staffContext(res) outside requireStaff');
  return context as StaffContext;
}

/** Behind requireStaff: the policy's word on the action, a 403 page when it refuses. */
export function allow(action: StaffAction): RequestHandler {
  return (_req, res, next) => {
    const { actor, tenant } = staffContext(res);
    if (!can({ tenantId: tenant.id, staffId: actor.staffId, role: actor.role }, action)) {
      return next(new HttpError(403, `a ${actor.role} may not ${action}`));
    }
    next();
  };
}
