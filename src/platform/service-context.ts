// Who a service acts for: every service of a feature takes (deps, context, input…), so the tenant,
// the person (or job) behind the call and the request it came from reach every rule alike, and
// an audit log can record the actor of each change without another parameter on every service.
import type { Response } from 'express';
import type { Tenant } from './tenancy/tenant.ts';
import { tenantOf } from './tenancy/resolve-tenant.ts';
import type { SignedInUser } from './sessions/session-data.ts';

/** What a staff member may do at their tenant: a manager also browses the audit log. */
export type StaffRole = 'clerk' | 'manager';

/**
 * Who is acting. A union on `kind`, so every place that must treat one kind differently (the
 * audit log records staff, the operator and clients, never a visitor) is found by the compiler.
 */
export type Actor =
  /** Someone not signed in: registering, asking for a reset link, following a mailed link. */
  | { kind: 'visitor' }
  /** A client signed in to their own account at this tenant. */
  | { kind: 'client'; clientId: string }
  /**
   * A member of the tenant's staff, with the role the request was let in with (what the audit
   * log records). What they may do is judged from their row, read in the service's own
   * transaction (features/staff/authorize.ts), so a role change or a disable counts at once.
   */
  | { kind: 'staff'; staffId: string; role: StaffRole }
  /** The operator running a CLI command on a tenant's behalf: a person, but no account here. */
  | { kind: 'operator' }
  /** The worker or a CLI command, acting for nobody in particular; `job` names it for the log. */
  | { kind: 'system'; job: string };

export interface ServiceContext {
  tenant: Tenant;
  actor: Actor;
  /** The request's X-Request-Id, or a job's own run id: what ties a change to its log lines. */
  requestId: string;
  /**
   * The client address of the request (req.ip: the app's "trust proxy" setting decides which
   * X-Forwarded-For entry it is); absent for jobs and commands. Here and not a parameter of
   * each service, as the request id: the audit log records it for whatever service writes one.
   */
  ip?: string;
}

declare module 'express-serve-static-core' {
  interface Locals {
    /**
     * The role of the signed-in member of staff, read from their row for this request by the
     * staff section's guard (features/staff/admin/guards.ts), never carried in the session: a
     * role changed a moment ago is the role of the next request.
     */
    staffRole?: StaffRole;
  }
}

/** The context of a request inside a tenant router: its tenant, its signed-in client or member of staff, or a visitor. */
export function serviceContext(res: Response): ServiceContext {
  const { user, requestId } = res.locals.ctx;
  const ip = res.req?.ip;
  return {
    tenant: tenantOf(res),
    actor: actorOf(user, res.locals.staffRole),
    requestId,
    ...(ip === undefined ? {} : { ip }),
  };
}

/**
 * The context of a request made as nobody in particular, whoever is signed in in this browser:
 * signing in, following a mailed link. The person is not yet acting as the session's user
 * (a staff session there has not passed the staff guard), so no session may answer for them.
 */
export function visitorContext(res: Response): ServiceContext {
  const ip = res.req?.ip;
  return {
    tenant: tenantOf(res),
    actor: { kind: 'visitor' },
    requestId: res.locals.ctx.requestId,
    ...(ip === undefined ? {} : { ip }),
  };
}

function actorOf(user: SignedInUser | undefined, staffRole: StaffRole | undefined): Actor {
  if (!user) return { kind: 'visitor' };
  if (user.kind === 'client') return { kind: 'client', clientId: user.userId };
  // A staff session acts only once the guard has read its row (and so its role); treating one
  // as a visitor would hide who acted.
  if (!staffRole) throw new Error('a staff session reached a service without requireStaff');
  return { kind: 'staff', staffId: user.userId, role: staffRole };
}

/**
 * The id of the signed-in client a context acts for: what a service on "my own account" (one
 * that asks for the owner's password) and a route behind requireUser read. Any other actor here
 * is a programming error, not a visitor's.
 */
export function signedInClientId(context: ServiceContext): string {
  if (context.actor.kind !== 'client') throw new Error(`a ${context.actor.kind} has no account of its own here`);
  return context.actor.clientId;
}
