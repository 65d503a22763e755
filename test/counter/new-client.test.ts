// A client added at the counter (issue #19) through the real app, with the form the page has:
// the start password on a handover sheet shown once, kept only as a hash, expiring after 7×24 h
// and changed at the first sign-in; a PESEL already held opening that client; a minor's
// representative; an activation link the client then follows; every refusal a message.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { makePesel } from '../../src/lib/pesel.ts';
import { START_PASSWORD_ALPHABET } from '../../src/features/accounts/clients/start-password.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createTestApp } from '../support/app.ts';
import { createClientWithPesel } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { submitForm } from '../support/forms.ts';
import { outboxRows, sealedParamsOf } from '../support/mail.ts';
import { newAgent, signInWith } from '../support/sessions.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffBrowser } from '../support/staff-browser.ts';
import { visibleText } from '../http/html.ts';

const db = useTestDatabase();
// Near the system's time: express-session reckons a saved session's expiry on the system clock.
const START = new Date();
const clock = controllableClock(START);
const ADULT_PESEL = '44051401359';
// Fourteen years old on the test clock's day.
const MINOR_PESEL = makePesel({ year: START.getUTCFullYear() - 14, month: 1, day: 1, serial: 362 });

async function setUp() {
  const created = await createTenant(db.current.owner, { settings: { nationalId: 'optional' } } as never);
  const { app, registry } = await createTestApp(db.current, { clock });
  const tenant = registry.findById(created.id)!;
  const clerk = await createActiveStaff(db.current.app, tenant.id, { role: 'clerk' });
  return {
    app,
    tenant,
    slug: tenant.slug,
    clerk,
    browser: await staffBrowser(db.current.app, app, tenant, clerk, clock),
  };
}

const person = {
  firstName: 'Halina',
  lastName: 'Kwiatkowska',
  pesel: ADULT_PESEL,
  email: '',
  locale: 'pl',
  documentType: 'id_card',
  documentEnding: 'ab12',
  access: 'login',
  accepted: true,
};

function addClient(
  browser: Awaited<ReturnType<typeof setUp>>['browser'],
  slug: string,
  fill: Record<string, string | boolean>,
  lang = 'en',
) {
  return submitForm(
    browser,
    `/${slug}/admin/clients/new?lang=${lang}`,
    { ...person, ...fill },
    { action: `/${slug}/admin/clients/new` },
  );
}

const clientRow = (tenantId: string, id: string) =>
  withTenant(db.current.app, tenantId as never, (trx) => trx('clients').where({ id }).first());

describe('a login and a start password', () => {
  it('prints the sheet once, keeps only a hash, and the client must change it at the first sign-in', async () => {
    const { app, tenant, slug, clerk, browser } = await setUp();
    const added = await addClient(browser, slug, {});
    expect(added.status).toBe(303);
    const sheetPath = String(added.headers.location);
    const clientId = /clients\/([0-9a-f-]{36})\/handover$/.exec(sheetPath)![1]!;
    const sheet = await browser.get(`${sheetPath}?lang=en`).expect(200);
    expect(sheet.headers['cache-control']).toBe('no-store');
    const text = visibleText(sheet.text);
    const login = /Login (\S+)/.exec(text)![1]!;
    const password = /Start password (\S+)/.exec(text)![1]!;
    expect(login).toMatch(/^h\.kwiatkowska\.\d{4}$/);
    expect(password).toMatch(new RegExp(`^[${START_PASSWORD_ALPHABET}]{4}(-[${START_PASSWORD_ALPHABET}]{4}){3}$`));
    expect(text).toContain('Portal address https://portal.example.test/');
    const until = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Warsaw' }).format(
      new Date(START.getTime() + 7 * 24 * 3_600_000),
    );
    expect(text).toContain(`Valid until ${until}`);
    // Shown once: the same address again leads to the client's page.
    const again = await browser.get(sheetPath);
    expect([again.status, again.headers.location]).toEqual([303, `/${slug}/admin/clients/${clientId}`]);

    const row = await clientRow(tenant.id, clientId);
    expect(row.status).toBe('issued');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain(password);
    expect(new Date(row.start_password_expires_at).getTime() - clock.now().getTime()).toBe(7 * 24 * 3_600_000);
    const checks = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('client_identity_checks').where({ client_id: clientId }),
    );
    expect(checks).toMatchObject([
      { document_type: 'id_card', document_ending: 'AB12', checked_by: clerk.id, representative_name: null },
    ]);
    // The client's page shows the check in its panel (the accounts' ClientPanel).
    const page = visibleText((await browser.get(`/${slug}/admin/clients/${clientId}?lang=en`).expect(200)).text);
    expect(page).toMatch(
      new RegExp(`Identity checks at the counter .* Identity card ending …AB12 .* none .* ${clerk.name}`),
    );

    // The client at home: the start password once, then a password of their own.
    const home = newAgent(app);
    const signedIn = await signInWith(home, slug, login, password);
    expect([signedIn.status, signedIn.headers.location]).toEqual([303, `/${slug}/account/password`]);
    const dashboard = await home.get(`/${slug}/account`);
    expect([dashboard.status, dashboard.headers.location]).toEqual([303, `/${slug}/account/password`]);
  });

  it('stops working 7×24 hours after it was issued', async () => {
    const { app, slug, browser } = await setUp();
    const added = await addClient(browser, slug, { firstName: 'Teresa' });
    const text = visibleText((await browser.get(`${String(added.headers.location)}?lang=en`)).text);
    const [login, password] = [/Login (\S+)/.exec(text)![1]!, /Start password (\S+)/.exec(text)![1]!];
    clock.advance(7 * 24 * 3_600_000);
    const refused = await signInWith(newAgent(app), slug, login, password, { 'Accept-Language': 'en' });
    expect(visibleText(refused.text)).toContain('Your start password has expired');
    clock.set(START);
  });
});

describe('who is added, and who is not', () => {
  it('opens the client who holds the PESEL already, adding nobody', async () => {
    const { tenant, slug, browser } = await setUp();
    const holder = await createClientWithPesel(db.current.app, tenant.id, ADULT_PESEL);
    const count = async () =>
      (await withTenant(db.current.app, tenant.id, (trx) => trx('clients').count({ n: '*' })))[0]!.n;
    const before = await count();
    const added = await addClient(browser, slug, {});
    expect(added.headers.location).toBe(`/${slug}/admin/clients/${holder.id}?done=alreadyClient`);
    expect(await count()).toBe(before);
    const page = await browser.get(`${String(added.headers.location)}&lang=en`).expect(200);
    expect(visibleText(page.text)).toContain('A client with this PESEL exists already: here they are.');
  });

  it('asks for a legal representative for a minor, and records them', async () => {
    const { tenant, slug, browser } = await setUp();
    for (const [lang, message] of [
      ['en', 'The client is a minor: record the legal representative who came with them.'],
      ['pl', 'Klient jest niepełnoletni: wpisz przedstawiciela ustawowego, który z nim przyszedł.'],
      ['cs', 'Klient je nezletilý: zapište zákonného zástupce, který s ním přišel.'],
    ] as const) {
      const refused = await addClient(browser, slug, { pesel: MINOR_PESEL, firstName: 'Kuba' }, lang);
      expect(refused.status).toBe(422);
      expect(visibleText(refused.text)).toContain(message);
    }
    const added = await addClient(browser, slug, {
      pesel: MINOR_PESEL,
      firstName: 'Kuba',
      representativeName: 'Halina Kwiatkowska',
      representativeRelation: 'parent',
    });
    const clientId = /clients\/([0-9a-f-]{36})/.exec(String(added.headers.location))![1]!;
    const checks = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('client_identity_checks').where({ client_id: clientId }),
    );
    expect(checks).toMatchObject([{ representative_name: 'Halina Kwiatkowska', representative_relation: 'parent' }]);
  });

  it('refuses what is wrong with a message on the field, changing nothing', async () => {
    const { tenant, slug, browser } = await setUp();
    await createClientWithPesel(db.current.app, tenant.id, '02070803628', { email: 'zajety@example.org' });
    const cases: [Record<string, string | boolean>, string][] = [
      [{ access: 'link' }, 'Type the e-mail address the activation link goes to, or choose another way.'],
      [{ email: 'zajety@example.org', access: 'link' }, 'Another client already uses this e-mail address.'],
      [{ documentEnding: '12' }, 'Type the last four letters or digits of the document number.'],
      [{ pesel: '44051401358' }, 'its last digit does not match'],
      [{ accepted: false }, 'Confirm that the client accepted the regulations and the privacy notice.'],
    ];
    for (const [fill, message] of cases) {
      const response = await addClient(browser, slug, fill);
      expect([JSON.stringify(fill), response.status]).toEqual([JSON.stringify(fill), 422]);
      expect(visibleText(response.text)).toContain(message);
    }
    const rows = await withTenant(db.current.app, tenant.id, (trx) => trx('clients').count({ n: '*' }));
    expect(Number(rows[0]!.n)).toBe(1);
  });
});

describe('an activation link', () => {
  it('mails the link, and the counter-only client becomes an account by it', async () => {
    const { app, tenant, slug, browser } = await setUp();
    const added = await addClient(browser, slug, { email: 'halina@example.org', access: 'link' });
    expect(String(added.headers.location)).toMatch(/\?done=linkSent$/);
    const clientId = /clients\/([0-9a-f-]{36})/.exec(String(added.headers.location))![1]!;
    expect((await clientRow(tenant.id, clientId)).status).toBe('counter_only');
    const [mail] = (await outboxRows(db.current)).filter(
      (row) => row.tenant_id === tenant.id && row.template === 'activation',
    );
    const { token } = sealedParamsOf(mail!) as { token: string };
    const setPassword = await submitForm(
      newAgent(app),
      `/${slug}/activate?token=${token}`,
      {
        password: 'Łąka pod lasem 2026',
        passwordConfirmation: 'Łąka pod lasem 2026',
      },
      { action: `/${slug}/activate` },
    );
    expect(setPassword.status).toBe(303);
    expect((await clientRow(tenant.id, clientId)).status).toBe('active');
  });
});
