// The managers' settings pages (issue #19) through the real app: each group saved through its
// form and shown by the next page, refused with field errors in the manager's language and
// nothing changed, audited with the changed fields only, never touching another tenant's row;
// a clerk refused; a stale form answered 409 with what changed.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { asTenantId, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createTenant } from '../support/factories.ts';
import { useTestDatabase } from '../support/database.ts';
import { errorSummaryTargets, formIn, postForm, submitForm } from '../support/forms.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffBrowser, staffPortal } from '../support/staff-browser.ts';
import { newAgent } from '../support/sessions.ts';
import { linkTexts, visibleText } from '../http/html.ts';

const db = useTestDatabase();
const clock = controllableClock(new Date('2026-12-10T09:00:00Z'));

async function setUp() {
  const portal = await staffPortal(db.current, clock);
  const other = await createTenant(db.current.owner);
  return { ...portal, other, browser: await portal.as(portal.manager) };
}

const tenantRow = async (id: string) => db.current.owner('tenants').where({ id }).first();
const auditRows = async (tenantId: string) =>
  withTenant(db.current.app, asTenantId(tenantId), (trx) =>
    trx('audit_log').whereLike('action', 'tenant.%').orderBy('occurred_at').orderBy('id'),
  );

describe('a tenant’s settings, as its managers edit them', () => {
  it('saves each group through its form; the next page shows it, the audit log has it, the other tenant is untouched', async () => {
    const { app, slug, tenant, other, browser, manager } = await setUp();
    const page = (group: string) => `/${slug}/admin/settings/${group}?lang=en`;
    const otherBefore = await tenantRow(other.id);

    const lockout = await submitForm(
      browser,
      page('lockout'),
      { lockoutMaxFailures: '5', lockoutLockMinutes: '30' },
      { action: `/${slug}/admin/settings/lockout` },
    );
    expect(lockout.status).toBe(303);
    const shown = await browser.get(lockout.headers.location!).expect(200);
    expect(visibleText(shown.text)).toContain('Saved.');
    expect(
      formIn(shown.text, `/${slug}/admin/settings/lockout`).fields.find((f) => f.name === 'lockoutMaxFailures')!.value,
    ).toBe('5');

    await submitForm(
      browser,
      page('registration'),
      { passwordPolicy: 'sports_centre', selfRegistration: false, minimumAge: '18' },
      { action: `/${slug}/admin/settings/registration` },
    );
    await submitForm(
      browser,
      page('sessions'),
      { sessionIdleMinutes: '20', staffSessionIdleMinutes: '10' },
      { action: `/${slug}/admin/settings/sessions` },
    );
    await submitForm(
      browser,
      page('contact'),
      { city: 'Kraków', website: '' },
      { action: `/${slug}/admin/settings/contact` },
    );
    await submitForm(
      browser,
      page('branding'),
      { primaryColour: '#1D5E20', logoText: 'NOWY' },
      { action: `/${slug}/admin/settings/branding` },
    );

    const row = await tenantRow(tenant.id);
    expect(row.settings).toMatchObject({
      lockout: { maxFailures: 5, lockMinutes: 30 },
      passwordPolicy: 'sports_centre',
      selfRegistration: false,
      minimumAge: 18,
      session: { idleMinutes: 20 },
      staffSession: { idleMinutes: 10 },
    });
    expect(row.contact.address.city).toBe('Kraków');
    expect(row.branding).toMatchObject({ primaryColour: '#1d5e20', logoText: 'NOWY' });
    // The next page, the public home page and its stylesheet, show the new tenant.
    const home = await newAgent(app).get(`/${slug}/`).expect(200);
    expect(home.text).toContain('NOWY');
    expect(visibleText(home.text)).toContain('Kraków');
    expect((await newAgent(app).get(`/${slug}/brand.css`)).text).toContain('--brand:#1d5e20');

    const audit = await auditRows(tenant.id);
    expect(audit.map((entry) => entry.action)).toEqual([
      'tenant.lockout_changed',
      'tenant.registration_changed',
      'tenant.sessions_changed',
      'tenant.contact_changed',
      'tenant.branding_changed',
    ]);
    expect(audit[0]).toMatchObject({
      actor_kind: 'staff',
      actor_id: manager.id,
      subject_kind: 'tenant',
      subject_id: tenant.id,
    });
    // The changed fields only, before and after.
    expect(audit[0].changes).toEqual({
      'settings.lockout.maxFailures': [10, 5],
      'settings.lockout.lockMinutes': [15, 30],
    });
    expect(audit[4].changes).toEqual({
      'branding.primaryColour': ['#0b5394', '#1d5e20'],
      'branding.logoText': ['TEST', 'NOWY'],
    });

    expect(await tenantRow(other.id)).toEqual(otherBefore);
  });

  it('refuses invalid input with field errors in the manager’s language, keeps what was typed, and changes nothing', async () => {
    const { slug, tenant, browser } = await setUp();
    const before = await tenantRow(tenant.id);
    const action = `/${slug}/admin/settings/lockout`;

    const polish = await submitForm(
      browser,
      `${action}?lang=pl`,
      { lockoutMaxFailures: '2', lockoutWindowMinutes: 'dużo' },
      { action },
    );
    expect(polish.status).toBe(422);
    const text = visibleText(polish.text);
    expect(text).toContain('Wpisz liczbę nie mniejszą niż 3.');
    expect(text).toContain('Wpisz liczbę całkowitą, np. 15.');
    expect(errorSummaryTargets(polish.text)).toEqual(['lockoutMaxFailures', 'lockoutWindowMinutes']);
    const fields = formIn(polish.text, action).fields;
    expect(fields.find((f) => f.name === 'lockoutWindowMinutes')!.value).toBe('dużo');

    const czech = await submitForm(
      browser,
      `/${slug}/admin/settings/contact?lang=cs`,
      { email: 'není adresa', street: ' ' },
      { action: `/${slug}/admin/settings/contact` },
    );
    expect(czech.status).toBe(422);
    expect(visibleText(czech.text)).toContain('Toto pole je povinné.');
    const english = await submitForm(
      browser,
      `/${slug}/admin/settings/sessions?lang=en`,
      { staffSessionIdleMinutes: '500' },
      { action: `/${slug}/admin/settings/sessions` },
    );
    expect(visibleText(english.text)).toContain('Enter a number of at most 120.');

    expect(await tenantRow(tenant.id)).toEqual(before);
    expect(await auditRows(tenant.id)).toEqual([]);
  });

  it('refuses a colour pair under 4.5:1, saying the ratio it measured, and previews colours without saving', async () => {
    const { slug, tenant, browser } = await setUp();
    const action = `/${slug}/admin/settings/branding`;
    // #767676 is 4.54:1 on white, which the registry accepts, but 4.12:1 on the grey panels.
    const refused = await submitForm(
      browser,
      `${action}?lang=pl`,
      { primaryColour: '#767676', accentColour: '#999999' },
      { action },
    );
    expect(refused.status).toBe(422);
    const text = visibleText(refused.text);
    expect(text).toContain(
      'Kolor #767676 jest za mało czytelny w miejscu: linki na szarych panelach. Jego kontrast z #f3f4f6 wynosi 4,12:1, a potrzeba co najmniej 4,5:1.',
    );
    expect(text).toContain(
      'Kolor #999999 jest za mało czytelny w miejscu: oznaczenia na białym tle. Jego kontrast z #ffffff wynosi 2,84:1',
    );
    expect((await tenantRow(tenant.id)).branding.primaryColour).toBe('#0b5394');

    // The second button of the same form posts it to the preview instead (its formaction).
    const page = await browser.get(`${action}?lang=en`).expect(200);
    expect(page.text).toContain(`formaction="${action}/preview"`);
    const form = { ...formIn(page.text, action), action: `${action}/preview` };
    const preview = await postForm(browser, form, { primaryColour: '#1d5e20' });
    expect(preview.status).toBe(200);
    expect(visibleText(preview.text)).toContain(
      'header, buttons and links on white: #1d5e20 / #ffffff, contrast 7.85:1 readable',
    );
    expect(preview.text).toContain('fill="#1d5e20"');
    expect(formIn(preview.text, action).fields.find((f) => f.name === 'primaryColour')!.value).toBe('#1d5e20');
    expect((await tenantRow(tenant.id)).branding.primaryColour).toBe('#0b5394');
  });

  it('lets only the modules this version has be switched on, and keeps the others as announced', async () => {
    const { slug, tenant, browser } = await setUp();
    const action = `/${slug}/admin/settings/modules`;
    await db.current
      .owner('tenants')
      .where({ id: tenant.id })
      .update({ modules: ['registration', 'booking'] });
    const page = await browser.get(`${action}?lang=en`).expect(200);
    expect(visibleText(page.text)).toContain('Appointments: announced to clients as coming soon');
    const form = formIn(page.text, action);
    expect(form.fields.filter((f) => f.name === 'modules').map((f) => f.value)).toEqual([
      'registration',
      'client_card',
      'city_card',
      'balance',
      'premises',
    ]);

    const forged = await postForm(browser, {
      ...form,
      fields: [...form.fields, { ...form.fields.find((f) => f.name === 'modules')!, value: 'booking', checked: true }],
    });
    expect(forged.status).toBe(422);
    expect(visibleText(forged.text)).toContain('That service is not available in this version of the portal.');

    expect((await postForm(browser, form, { modules: false })).status).toBe(303);
    expect((await tenantRow(tenant.id)).modules).toEqual(['booking']);
  });

  it('answers a stale form with 409, showing what the other manager changed, and saves nothing', async () => {
    const { slug, tenant, browser, app } = await setUp();
    const second = await createActiveStaff(db.current.app, tenant.id, { role: 'manager' });
    const action = `/${slug}/admin/settings/lockout`;
    const mine = formIn((await browser.get(`${action}?lang=en`).expect(200)).text, action);
    // Another manager saves the same group first.
    expect(
      (
        await submitForm(await staffBrowser(db.current.app, app, tenant, second, clock), action, {
          lockoutMaxFailures: '7',
        })
      ).status,
    ).toBe(303);
    // A change of another group does not make this form stale: only its own group counts.
    const stale = await postForm(browser, mine, { lockoutMaxFailures: '4' });
    expect(stale.status).toBe(409);
    const text = visibleText(stale.text);
    expect(text).toContain('Someone else changed these settings');
    expect(text).toMatch(/Wrong passwords before the account locks When you opened the form 10 Now 7/);
    expect((await tenantRow(tenant.id)).settings.lockout.maxFailures).toBe(7);
    // What was typed is kept; saving again now is a choice made knowingly.
    const again = formIn(stale.text, action);
    expect(again.fields.find((f) => f.name === 'lockoutMaxFailures')!.value).toBe('4');
    expect((await postForm(browser, again)).status).toBe(303);
    expect((await tenantRow(tenant.id)).settings.lockout.maxFailures).toBe(4);
  });

  it('refuses a clerk, and links the settings from a manager’s start page only', async () => {
    const { slug, tenant, browser, as } = await setUp();
    const clerk = await as(await createActiveStaff(db.current.app, tenant.id, { role: 'clerk' }));
    await clerk.get(`/${slug}/admin/settings/branding`).expect(403);
    expect(linkTexts((await clerk.get(`/${slug}/admin/?lang=en`).expect(200)).text, `/${slug}/admin/settings`)).toEqual(
      [],
    );
    expect(
      linkTexts((await browser.get(`/${slug}/admin/?lang=en`).expect(200)).text, `/${slug}/admin/settings`),
    ).toEqual(['Settings and branding']);
  });
});
