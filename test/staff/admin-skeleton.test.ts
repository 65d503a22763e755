// The staff section's frame: requireStaff sends anyone but a signed-in member of staff to the
// staff sign-in, the dashboard shows a manager's sections to managers only, the admin header
// names the member and their role and links to no client page, and a disabled member's session
// is refused at once.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { newAgent, signInAs } from '../support/sessions.ts';
import { createActiveStaff, mintStaffSession } from '../support/staff.ts';
import { disableStaff } from '../../src/features/staff/index.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { asTenantId, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';

const db = useTestDatabase();

async function setUp() {
  const tenant = await createTenant(db.current.owner);
  const { app, registry } = await createTestApp(db.current);
  return { app, slug: tenant.input.slug, tenant: registry.findById(tenant.id)!, tenantId: tenant.id };
}

describe('the staff section’s frame', () => {
  it('sends a visitor and a signed-in client to the staff sign-in', async () => {
    const { app, slug, tenantId } = await setUp();
    await request(app).get(`/${slug}/admin/`).expect(303).expect('Location', `/${slug}/admin/sign-in`);

    const client = await createActiveClient(db.current.app, tenantId);
    const browser = newAgent(app);
    await signInAs(browser, slug, client);
    await browser.get(`/${slug}/admin/`).expect(303).expect('Location', `/${slug}/admin/sign-in`);
  });

  it('shows a manager the managers’ sections and a clerk none, with the name and role in the header', async () => {
    const { app, slug, tenant, tenantId } = await setUp();
    const manager = await createActiveStaff(db.current.app, tenantId, { role: 'manager' });
    const clerk = await createActiveStaff(db.current.app, tenantId, { role: 'clerk' });

    const managerPage = await request(app)
      .get(`/${slug}/admin/?lang=en`)
      .set('Cookie', await mintStaffSession(db.current.app, tenant, manager))
      .expect(200);
    expect(managerPage.text).toContain(`href="/${slug}/admin/staff"`);
    expect(managerPage.text).toContain(`href="/${slug}/admin/audit"`);
    expect(managerPage.text).toContain(`Signed in: ${manager.name}, manager`);
    expect(managerPage.text).toContain(`action="/${slug}/admin/sign-out"`);
    // No way to the clients' side from the staff's pages.
    for (const clientPath of ['/account', '/sign-in', '/sign-out', '/privacy', '/accessibility']) {
      expect(managerPage.text).not.toContain(`href="/${slug}${clientPath}"`);
      expect(managerPage.text).not.toContain(`action="/${slug}${clientPath}"`);
    }

    const clerkPage = await request(app)
      .get(`/${slug}/admin/?lang=pl`)
      .set('Cookie', await mintStaffSession(db.current.app, tenant, clerk))
      .expect(200);
    expect(clerkPage.text).not.toContain(`/${slug}/admin/staff`);
    expect(clerkPage.text).not.toContain(`/${slug}/admin/audit`);
    expect(clerkPage.text).toContain(`Zalogowano: ${clerk.name}, pracownik obsługi`);
    expect(clerkPage.text).toContain('Panel pracownika');
  });

  it('refuses a disabled member’s session at the next request', async () => {
    const { app, slug, tenant, tenantId } = await setUp();
    const clerk = await createActiveStaff(db.current.app, tenantId, { role: 'clerk' });
    const cookie = await mintStaffSession(db.current.app, tenant, clerk);
    await request(app).get(`/${slug}/admin/`).set('Cookie', cookie).expect(200);
    // Disabled behind the session's back (the row alone): the guard reads the row.
    const setStatus = (status: string, disabledAt: Date | null) =>
      withTenant(db.current.owner, asTenantId(tenantId), (trx) =>
        trx('staff').where({ id: clerk.id }).update({ status, disabled_at: disabledAt }),
      );
    expect(await setStatus('disabled', new Date())).toBe(1);
    await request(app).get(`/${slug}/admin/`).set('Cookie', cookie).expect(303);
    await setStatus('active', null);
    // The session was ended, not only turned away.
    await request(app).get(`/${slug}/admin/`).set('Cookie', cookie).expect(303);

    const other = await createActiveStaff(db.current.app, tenantId, { role: 'clerk' });
    const otherCookie = await mintStaffSession(db.current.app, tenant, other);
    const outcome = await disableStaff(
      { db: db.current.app, clock: systemClock },
      { tenant, actor: { kind: 'operator' }, requestId: 'test' },
      { staffId: other.id },
    );
    expect(outcome.kind).toBe('disabled');
    await request(app).get(`/${slug}/admin/`).set('Cookie', otherCookie).expect(303);
  });
});
