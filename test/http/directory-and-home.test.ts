// The portal's front page lists the organisations; each organisation's home shows who it
// is, how to reach it, where its front desks are and when they are open.
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { createTestApp } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, frontDeskInput, type CreatedTenant } from '../support/factories.ts';
import { pollValue } from '../support/polling.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { replaceFrontDesks } from '../../src/features/portal/front-desks/front-desks.repo.ts';
import { headingOne, htmlAttribute, links, visibleText } from './html.ts';

const db = useTestDatabase();

let polish: CreatedTenant;
let czech: CreatedTenant;
let disabled: CreatedTenant;
let testApp: TestApp;

beforeAll(async () => {
  polish = await createTenant(db.current.owner, { modules: ['registration', 'city_card', 'booking'] }, [
    frontDeskInput({ name: 'Kasa główna', email: 'kasa@example.test', hours: [[1, '08:00', '16:00']] }),
    frontDeskInput({ name: 'Punkt przy basenie', phone: '+48 22 222 22 22', hours: [[3, '10:00', '18:30']] }),
  ]);
  czech = await createTenant(
    db.current.owner,
    {
      name: 'Městský úřad Lhota',
      kind: 'city_office',
      modules: ['e_forms'],
      defaultLocale: 'cs',
      timeZone: 'Europe/Prague',
      contact: {
        address: { street: 'Náměstí 1', postalCode: '123 45', city: 'Lhota' },
        phone: '+420 555 123 456',
        email: 'podatelna@lhota.example.cz',
        dataProtectionOfficerEmail: 'poverenec@lhota.example.cz',
      },
    },
    [frontDeskInput({ name: 'Podatelna', hours: [[1, '08:00', '17:00']] })],
  );
  disabled = await createTenant(db.current.owner, { name: 'Zamknięta Spółdzielnia' });
  await db.current.owner('tenants').where({ id: disabled.id }).update({ enabled: false });
  testApp = await createTestApp(db.current);
});

describe('the directory at /', () => {
  it('lists every enabled organisation with a link to its home, and not the disabled one', async () => {
    const response = await request(testApp.app).get('/').expect(200);
    const text = visibleText(response.text);
    expect(text).toContain(polish.input.name);
    expect(text).toContain(czech.input.name);
    expect(links(response.text)).toEqual(expect.arrayContaining([`/${polish.input.slug}/`, `/${czech.input.slug}/`]));
    expect(text).not.toContain(disabled.input.name);
    expect(links(response.text)).not.toContain(`/${disabled.input.slug}/`);
  });

  it('drops an organisation the owner disables, once the registry reloads', async () => {
    await request(testApp.app).get(`/${polish.input.slug}/`).expect(200);
    await db.current.owner('tenants').where({ id: polish.id }).update({ enabled: false });
    try {
      await testApp.registry.reload();
      const directory = await request(testApp.app).get('/').expect(200);
      expect(visibleText(directory.text)).not.toContain(polish.input.name);
      const home = await request(testApp.app).get(`/${polish.input.slug}/`).expect(404);
      expect(visibleText(home.text)).not.toContain(polish.input.name);
    } finally {
      await db.current.owner('tenants').where({ id: polish.id }).update({ enabled: true });
      await testApp.registry.reload();
    }
  });
});

describe('an organisation home at /{slug}/', () => {
  it('shows its name and how to contact it', async () => {
    const response = await request(testApp.app).get(`/${polish.input.slug}/`).expect(200);
    const text = visibleText(response.text);
    const { address, phone, email } = polish.input.contact;
    expect(headingOne(response.text)).toBe(polish.input.name);
    expect(text).toContain(`${address.street}, ${address.postalCode} ${address.city}`);
    expect(text).toContain(phone);
    expect(text).toContain(email);
    expect(links(response.text)).toEqual(
      expect.arrayContaining([`tel:${phone.replace(/\s+/g, '')}`, `mailto:${email}`]),
    );
  });

  it('lists every front desk with its address and opening hours, weekdays in Polish', async () => {
    const response = await request(testApp.app).get(`/${polish.input.slug}/`).expect(200);
    const text = visibleText(response.text);
    expect(text).toContain('Punkty obsługi klienta');
    expect(text).toContain('Kasa główna');
    expect(text).toContain('kasa@example.test');
    expect(text).toContain('Punkt przy basenie');
    expect(text).toContain('+48 22 222 22 22');
    expect(text).toMatch(/poniedziałek 08:00–16:00/);
    expect(text).toMatch(/środa 10:00–18:30/);
    expect(text).toMatch(/niedziela nieczynne/);
    expect(text).not.toMatch(/Monday|pondělí/);
  });

  it('shows a Czech organisation in Czech by default, its hours with Czech weekday names', async () => {
    const response = await request(testApp.app).get(`/${czech.input.slug}/`).expect(200);
    expect(htmlAttribute(response.text, 'lang')).toBe('cs');
    const text = visibleText(response.text);
    expect(text).toContain('Kontaktní místo');
    expect(text).toContain('Podatelna');
    expect(text).toMatch(/pondělí 08:00–17:00/);
    expect(text).toMatch(/úterý zavřeno/);
    expect(text).toContain('Náměstí 1, 123 45 Lhota');
    expect(text).not.toMatch(/poniedziałek|Monday/);
  });

  it('says honestly which services are coming soon, without links to pages that do not exist', async () => {
    const response = await request(testApp.app).get(`/${polish.input.slug}/`).expect(200);
    const services = /<section aria-labelledby="services-heading">([\s\S]*?)<\/section>/.exec(response.text)?.[1];
    expect(services).toBeDefined();
    const text = visibleText(services!);
    for (const name of ['Konto klienta', 'E-karta miejska', 'Rezerwacja wizyt']) expect(text).toContain(name);
    // The client account (registration, issue #5) and the city card (issue #23) exist; booking does not yet.
    expect(text.match(/Wkrótce/g)).toHaveLength(1);
    expect(links(services!)).toEqual([]);
  });

  it('offers sign-in everywhere, online registration where the organisation allows it, and the front desk where it does not', async () => {
    const account = (html: string) =>
      /<section aria-labelledby="account-heading">([\s\S]*?)<\/section>/.exec(html)?.[1];
    const open = await createTenant(db.current.owner, { settings: { selfRegistration: true } });
    const closed = await createTenant(db.current.owner, { settings: { selfRegistration: false } });
    await testApp.registry.reload();
    const withForm = account((await request(testApp.app).get(`/${open.input.slug}/`).expect(200)).text)!;
    expect(links(withForm)).toEqual([
      `/${open.input.slug}/sign-in`,
      `/${open.input.slug}/register`,
      `/${open.input.slug}/register/resend`,
    ]);
    // Accounts issued at the front desk are signed in to all the same.
    const atDesk = account((await request(testApp.app).get(`/${closed.input.slug}/`).expect(200)).text)!;
    expect(links(atDesk)).toEqual([`/${closed.input.slug}/sign-in`]);
    expect(visibleText(atDesk)).toContain('w punkcie obsługi');
  });

  it('says so when an organisation offers no online services', async () => {
    const none = await createTenant(db.current.owner, { modules: [] });
    await testApp.registry.reload();
    const response = await request(testApp.app).get(`/${none.input.slug}/`).expect(200);
    expect(visibleText(response.text)).toContain('nie udostępnia jeszcze usług przez internet');
  });

  it('links its own brand stylesheet, which carries its colours', async () => {
    const home = await request(testApp.app).get(`/${polish.input.slug}/`).expect(200);
    expect(home.text).toContain(`href="/${polish.input.slug}/brand.css"`);
    const css = await request(testApp.app).get(`/${polish.input.slug}/brand.css`).expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.text).toContain(`--brand:${polish.input.branding.primaryColour}`);
  });
});

describe('front desks, which each process keeps in memory', () => {
  it('show changed opening hours and a new desk within moments of the change, without a restart', async () => {
    const tenant = await createTenant(db.current.owner, {}, [
      frontDeskInput({ name: 'Kasa główna', hours: [[2, '09:00', '15:00']] }),
    ]);
    const watched = await createTestApp(db.current);
    await watched.registry.watch(db.current.urls.appUrl);
    try {
      const home = async () => visibleText((await request(watched.app).get(`/${tenant.input.slug}/`).expect(200)).text);
      expect(await home()).toMatch(/wtorek 09:00–15:00/);
      await withTenant(db.current.owner, tenant.id, (trx) =>
        replaceFrontDesks(trx, [
          frontDeskInput({ name: 'Kasa główna', hours: [[2, '09:00', '17:30']] }),
          frontDeskInput({ name: 'Punkt na lodowisku', hours: [[6, '10:00', '14:00']] }),
        ]),
      );
      const changed = await pollValue(home, (text) => text.includes('Punkt na lodowisku'));
      expect(changed).toContain('Punkt na lodowisku');
      expect(changed).toMatch(/wtorek 09:00–17:30/);
      expect(changed).toMatch(/sobota 10:00–14:00/);
      expect(changed).not.toContain('09:00–15:00');
    } finally {
      await watched.registry.close();
    }
  });
});
