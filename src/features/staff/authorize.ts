// Whether the actor of a service may take an action, judged inside the service's transaction:
// a member of staff by their row as it is now (a role changed or an account disabled a moment
// ago counts at once), by the policy, whatever role their context claims; the operator's
// commands and jobs by nothing, since whoever runs them has the database anyway; a client or a
// visitor never.
import type { Knex } from 'knex';
import type { ServiceContext } from '../../platform/service-context.ts';
import { can, type StaffAction } from './policy.ts';
import { staffMemberById } from './staff.repo.ts';

export async function mayAct(trx: Knex.Transaction, context: ServiceContext, action: StaffAction): Promise<boolean> {
  const { actor, tenant } = context;
  if (actor.kind === 'operator' || actor.kind === 'system') return true;
  if (actor.kind !== 'staff') return false;
  const member = await staffMemberById(trx, actor.staffId);
  if (member?.status !== 'active') return false;
  return can({ tenantId: tenant.id, staffId: member.id, role: member.role }, action, { tenantId: tenant.id });
}

/** The acting member of staff's own id, when a member of staff is acting. */
export function actingStaffId(context: ServiceContext): string | undefined {
  return context.actor.kind === 'staff' ? context.actor.staffId : undefined;
}
