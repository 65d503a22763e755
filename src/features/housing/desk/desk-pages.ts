// What the staff's premises pages share: whether the signed-in member of staff may take an
// action, for a page that shows a form only to those who may send it (the route itself is
// guarded by allow()), and what a form sent, to put back into its fields when the service
// refuses it.
import type { Response } from 'express';
import { can, staffContext, type StaffAction } from '../../staff/index.ts';

export function mayDo(res: Response, action: StaffAction): boolean {
  const { actor, tenant } = staffContext(res);
  return can({ tenantId: tenant.id, staffId: actor.staffId, role: actor.role }, action);
}

/** The form's fields as typed (strings only, the CSRF token left out). */
export function typedValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [field, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' && field !== '_csrf') values[field] = value;
  }
  return values;
}
