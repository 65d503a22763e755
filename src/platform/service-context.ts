// Who a service acts for: every service of a feature takes (deps, context, input…), so the tenant,
// the person (or job) behind the call and the request it came from reach every rule alike, and
// an audit log can record the actor of each change without another parameter on every service.
import type { Response } from 'express';
import type { Tenant } from './tenancy/tenant.ts';
import { tenantOf } from './tenancy/resolve-tenant.ts';
import type { SignedInUser } from './sessions/session-data.ts';

/**
 * Who is acting. A union on `kind`, so every place that must treat one kind differently (the
 * staff among them) is found by the compiler.
 */
export type Actor =
  /** Someone not signed in: registering, asking for a reset link, following a mailed link. */
  | { kind: 'visitor' }
  /** A client signed in to their own account at this tenant. */
  | { kind: 'client'; clientId: string }
  /** A member of the tenant's staff; what they may do is read from their row, never from here. */
  | { kind: 'staff'; staffId: string }
  /** The worker or a CLI command, acting for nobody in particular; `job` names it for the log. */
  | { kind: 'system'; job: string };

export interface ServiceContext {
  tenant: Tenant;
  actor: Actor;
  /** The request's X-Request-Id, or a job's own run id: what ties a change to its log lines. */
  requestId: string;
}

/** The context of a request inside a tenant router: its tenant, its signed-in client or a visitor. */
export function serviceContext(res: Response): ServiceContext {
  const { user, requestId } = res.locals.ctx;
  return { tenant: tenantOf(res), actor: actorOf(user), requestId };
}

function actorOf(user: SignedInUser | undefined): Actor {
  if (!user) return { kind: 'visitor' };
  if (user.kind === 'client') return { kind: 'client', clientId: user.userId };
  // No staff session reaches a tenant router yet; treating one as a visitor would hide who acted.
  throw new Error(`no actor for a ${user.kind} session yet`);
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
