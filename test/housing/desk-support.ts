// What the tests of the staff's premises pages share: the cooperative of housing-support.ts
// with a manager and a clerk signed in, the audit rows of an action, a tenant's rows of a
// housing table as the app sees them inside the tenant, and another tenant's manager's 404.
import type { TestDatabase } from '../support/database.ts';
import { csrfTokenIn } from '../support/sessions.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffBrowser, staffPortal } from '../support/staff-browser.ts';
import { tenantRows, withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { clock, cooperative } from './housing-support.ts';

export async function desk(database: TestDatabase) {
  const coop = await cooperative(database);
  const manager = await createActiveStaff(database.app, coop.tenant.id, { role: 'manager' });
  const clerk = await createActiveStaff(database.app, coop.tenant.id, { role: 'clerk' });
  return {
    ...coop,
    manager: await staffBrowser(database.app, coop.app, coop.tenant, manager, clock),
    clerk: await staffBrowser(database.app, coop.app, coop.tenant, clerk, clock),
  };
}

/** The tenant's audit rows of an action, oldest first. */
export function auditRows(database: TestDatabase, tenantId: TenantId, action: string) {
  return withTenant(database.app, tenantId, (trx) =>
    tenantRows(trx, 'audit_log').where({ action }).orderBy('occurred_at').select('actor_role', 'subject_id', 'changes'),
  );
}

/** A housing table's rows of the premises, as the app reads them inside the tenant. */
export function rowsOf(database: TestDatabase, tenantId: TenantId, table: string, premisesId: string) {
  return withTenant(database.app, tenantId, (trx) =>
    tenantRows(trx, table).where({ premises_id: premisesId }).orderBy('created_at').select(),
  );
}

/** Another tenant's manager: the premises' page (`/admin/premises/:id/<page>`) and what its form sends are a 404. */
export async function expectNotFoundAtAnotherTenant(
  database: TestDatabase,
  premisesId: string,
  page: string,
  posted: { action?: string; body: Record<string, string> },
): Promise<void> {
  const other = await staffPortal(database, clock);
  const stranger = await other.as(other.manager);
  const path = `/${other.slug}/admin/premises/${premisesId}/${page}`;
  await stranger.get(path).expect(404);
  const token = csrfTokenIn((await stranger.get(`/${other.slug}/admin/`).expect(200)).text);
  await stranger
    .post(`${path}${posted.action ?? ''}`)
    .type('form')
    .send({ _csrf: token, ...posted.body })
    .expect(404);
}
