// A browser signed in as a member of staff, for the staff pages' request tests: the session is
// minted into the store (test/support/staff.ts) and its cookie put in the agent's jar, where
// the CSRF cookie of each page joins it, so forms are posted as a signed-in browser posts them.
import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Clock } from '../../src/lib/clock.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import type { TenantInput } from '../../src/platform/tenancy/tenant-admin.ts';
import { createTestApp } from './app.ts';
import type { TestDatabase } from './database.ts';
import { createTenant } from './factories.ts';
import { newAgent, type Agent } from './sessions.ts';
import { createActiveStaff, mintStaffSession, type TestStaffMember } from './staff.ts';

export async function staffBrowser(
  db: Knex,
  app: Express,
  tenant: Tenant,
  member: Pick<TestStaffMember, 'id' | 'name'>,
  clock?: Clock,
): Promise<Agent> {
  const agent = newAgent(app);
  const cookie = await mintStaffSession(db, tenant, member, clock);
  agent.jar.setCookie(cookie.split(';')[0]!, '127.0.0.1', '/');
  return agent;
}

export interface StaffPortal {
  app: Express;
  tenant: Tenant;
  slug: string;
  /** The tenant's active manager, created with it. */
  manager: TestStaffMember;
  /** A browser signed in as this member of staff. */
  as(member: Pick<TestStaffMember, 'id' | 'name'>): Promise<Agent>;
}

/** A new tenant (with what `tenant` says of it), the real app on the test clock, and an active manager of the tenant. */
export async function staffPortal(
  database: TestDatabase,
  clock: Clock,
  tenantInput: Partial<TenantInput> = {},
): Promise<StaffPortal> {
  const created = await createTenant(database.owner, tenantInput);
  const { app, registry } = await createTestApp(database, { clock });
  const tenant = registry.findById(created.id)!;
  const manager = await createActiveStaff(database.app, created.id, { role: 'manager' });
  const as = (member: Pick<TestStaffMember, 'id' | 'name'>) => staffBrowser(database.app, app, tenant, member, clock);
  return { app, tenant, slug: tenant.slug, manager, as };
}
