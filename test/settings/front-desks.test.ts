// The managers' front desks (issue #19) through the real app: a desk added with its hours and
// shown on the tenant's home page, changed, refused with field errors when its hours make no
// sense, a stale form answered 409, a desk removed; each audited. Another tenant's desk is a
// 404 and stays as it was.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { listFrontDesks } from '../../src/features/portal/index.ts';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createTenant } from '../support/factories.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm, submitForm } from '../support/forms.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffBrowser, staffPortal } from '../support/staff-browser.ts';
import { newAgent } from '../support/sessions.ts';
import { visibleText } from '../http/html.ts';

const db = useTestDatabase();
const clock = controllableClock(new Date('2026-12-10T09:00:00Z'));

const desksOf = (tenantId: TenantId) => withTenant(db.current.app, tenantId, (trx) => listFrontDesks(trx));
const deskAudit = (tenantId: TenantId) =>
  withTenant(db.current.app, tenantId, (trx) =>
    trx('audit_log')
      .whereLike('action', 'front_desk.%')
      .orderBy('occurred_at')
      .orderBy('id')
      .select('action', 'changes'),
  );

describe('a tenant’s front desks, as its managers keep them', () => {
  it('adds, changes and removes a desk; the home page shows it; each change is audited', async () => {
    const { app, slug, tenant, manager, as } = await staffPortal(db.current, clock);
    const browser = await as(manager);
    const list = `/${slug}/admin/settings/desks`;

    const added = await submitForm(
      browser,
      `${list}/new?lang=en`,
      {
        name: 'Kasa na basenie',
        street: 'ul. Wodna 5',
        postalCode: '30-001',
        city: 'Kraków',
        hours1: '07:00-12:00, 13:00-21:00',
        hours6: '9.00–14.00',
      },
      { action: `${list}/new` },
    );
    expect(added.status).toBe(303);
    const [, desk] = await desksOf(tenant.id);
    expect(desk).toMatchObject({
      name: 'Kasa na basenie',
      phone: null,
      hours: [
        { weekday: 1, opens: '07:00', closes: '12:00' },
        { weekday: 1, opens: '13:00', closes: '21:00' },
        { weekday: 6, opens: '09:00', closes: '14:00' },
      ],
    });
    expect(visibleText((await newAgent(app).get(`/${slug}/?lang=en`).expect(200)).text)).toContain('Kasa na basenie');

    const page = `${list}/${desk!.id}`;
    const refused = await submitForm(
      browser,
      `${page}?lang=pl`,
      { hours2: '17:00-09:00', hours3: 'rano' },
      { action: page },
    );
    expect(refused.status).toBe(422);
    expect(visibleText(refused.text)).toContain('Godzina otwarcia musi być wcześniejsza niż zamknięcia');
    expect(visibleText(refused.text)).toContain('Wpisz godziny w formacie 08:00-16:00');
    // The form still holds the desk as shown: saving it right now is no conflict.
    expect(
      (await postForm(browser, formIn(refused.text, page), { hours2: '', hours3: '', phone: '+48 12 000 00 00' }))
        .status,
    ).toBe(303);
    expect((await desksOf(tenant.id))[1]).toMatchObject({ phone: '+48 12 000 00 00' });

    const removal = await submitForm(browser, `${page}/removal`, {});
    expect(removal.status).toBe(303);
    expect(await desksOf(tenant.id)).toHaveLength(1);

    const audit = await deskAudit(tenant.id);
    expect(audit.map((row) => row.action)).toEqual(['front_desk.created', 'front_desk.changed', 'front_desk.removed']);
    expect(audit[1]!.changes).toEqual({ phone: [null, '+48 12 000 00 00'] });
  });

  it('answers a stale desk form with 409, and another tenant’s desk with 404', async () => {
    const { app, slug, tenant, manager, as } = await staffPortal(db.current, clock);
    const browser = await as(manager);
    const [desk] = await desksOf(tenant.id);
    const page = `/${slug}/admin/settings/desks/${desk!.id}`;
    const mine = formIn((await browser.get(`${page}?lang=en`).expect(200)).text, page);
    const second = await createActiveStaff(db.current.app, tenant.id, { role: 'manager' });
    const theirs = await staffBrowser(db.current.app, app, tenant, second, clock);
    expect((await submitForm(theirs, page, { name: 'Punkt główny' })).status).toBe(303);
    const stale = await postForm(browser, mine, { city: 'Gdańsk' });
    expect(stale.status).toBe(409);
    expect(visibleText(stale.text)).toMatch(/Name of the front desk When you opened the form .+ Now Punkt główny/);
    expect((await desksOf(tenant.id))[0]).toMatchObject({ name: 'Punkt główny', city: desk!.city });

    const other = await createTenant(db.current.owner);
    const [foreign] = await desksOf(other.id);
    await browser.get(`/${slug}/admin/settings/desks/${foreign!.id}`).expect(404);
    await browser.get(`/${slug}/admin/settings/desks/${foreign!.id}/removal`).expect(404);
    expect(
      (
        await postForm(browser, {
          ...mine,
          action: `/${slug}/admin/settings/desks/${foreign!.id}/removal`,
          fields: mine.fields.filter((f) => f.name === '_csrf'),
        })
      ).status,
    ).toBe(404);
    expect(await desksOf(other.id)).toEqual([foreign]);
  });
});
