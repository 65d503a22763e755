// Every tenant that offers registration takes exactly the form its own page shows: the demo
// tenants as seeded and a tenant of each PESEL setting (required, optional, none), each
// registered in every language with the fields read from its page, nothing more or less; and
// an untouched form is answered with errors on the fields the page shows, never on others.
import type { Express } from 'express';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTenants, DEMO_TENANTS } from '../../seeds/demo-tenants.ts';
import type { TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import type { TenantSettings } from '../../src/platform/tenancy/tenant.ts';
import { TENANT_SETTINGS } from '../../src/features/index.ts';
import { createTestApp } from '../support/app.ts';
import { clockStartingNow } from '../support/clock.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { errorSummaryTargets, formIn, postForm, type Fill, type PageForm } from '../support/forms.ts';
import { newAgent } from '../support/sessions.ts';
import { ADULT_PESEL, clientByEmail, expectStatus, RAISED_LIMITS } from './helpers.ts';

const db = useTestDatabase();

interface RegisteringTenant {
  slug: string;
  id: TenantId;
  nationalId: TenantSettings['nationalId'];
}

let app: Express;
const tenants: RegisteringTenant[] = [];

beforeAll(async () => {
  await seedDemoTenants(db.current.owner);
  const demoSlugs = DEMO_TENANTS.map(({ tenant }) => tenant.slug);
  for (const row of await db.current.owner('tenants').whereIn('slug', demoSlugs).orderBy('slug')) {
    const settings = TENANT_SETTINGS.parse(row.settings) as unknown as TenantSettings;
    if (settings.selfRegistration) tenants.push({ slug: row.slug, id: row.id, nationalId: settings.nationalId });
  }
  for (const nationalId of ['required', 'optional', 'none'] as const) {
    const created = await createTenant(db.current.owner, { settings: { selfRegistration: true, nationalId } });
    tenants.push({ slug: created.input.slug, id: created.id, nationalId });
  }
  ({ app } = await createTestApp(db.current, { clock: clockStartingNow(), limits: RAISED_LIMITS }));
});

let people = 0;
/** What a person types into each field the form shows; a field nobody knows how to fill fails the test. */
function typedInto(form: PageForm): Fill {
  people += 1;
  const typed: Record<string, string> = {
    firstName: 'Zofia',
    lastName: 'Wiśniewska',
    email: `zofia.${people}@example.test`,
    pesel: ADULT_PESEL,
  };
  const fill: Fill = {};
  for (const field of form.fields) {
    if (field.type === 'hidden') continue;
    if (field.type === 'checkbox') fill[field.name] = true;
    else if (field.name in typed) fill[field.name] = typed[field.name]!;
    else throw new Error(`the form has a field the test cannot fill: ${field.name} (${field.type})`);
  }
  return fill;
}

const shownFields = (form: PageForm) =>
  form.fields.filter((field) => field.type !== 'hidden').map((field) => field.name);

describe('the registration form of every tenant that offers it', () => {
  it('covers a tenant of each PESEL setting, the demo tenants among them', () => {
    expect(new Set(tenants.map((tenant) => tenant.nationalId))).toEqual(new Set(['required', 'optional', 'none']));
    expect(tenants.map((tenant) => tenant.slug)).toEqual(
      expect.arrayContaining(['mosir-zielonka', 'mzk-zielonka', 'mesto-lipnik']),
    );
  });

  it('shows the PESEL field only where the tenant collects it', async () => {
    for (const tenant of tenants) {
      const page = await newAgent(app).get(`/${tenant.slug}/register?lang=en`).expect(200);
      const withPesel = tenant.nationalId === 'none' ? [] : ['pesel'];
      expect([tenant.slug, shownFields(formIn(page.text, `/${tenant.slug}/register`))]).toEqual([
        tenant.slug,
        ['firstName', 'lastName', 'email', ...withPesel, 'accept'],
      ]);
    }
  });

  it('registers with exactly the fields its page shows, in every language', async () => {
    for (const tenant of tenants) {
      for (const lang of ['pl', 'en', 'cs']) {
        const agent = newAgent(app);
        const page = await agent.get(`/${tenant.slug}/register?lang=${lang}`).expect(200);
        const fill = typedInto(formIn(page.text, `/${tenant.slug}/register`));
        const response = expectStatus(await postForm(agent, formIn(page.text, `/${tenant.slug}/register`), fill), 303);
        expect([tenant.slug, lang, response.headers.location]).toEqual([
          tenant.slug,
          lang,
          `/${tenant.slug}/register/sent`,
        ]);
        const client = await clientByEmail(db.current, tenant.id, fill.email as string);
        expect(client.status).toBe('pending_activation');
        expect(client.national_id_index === null).toBe(tenant.nationalId === 'none');
      }
    }
  });

  it('answers an untouched form with errors on the fields it shows, and on no other', async () => {
    for (const tenant of tenants) {
      for (const lang of ['pl', 'en', 'cs']) {
        const agent = newAgent(app);
        const page = await agent.get(`/${tenant.slug}/register?lang=${lang}`).expect(200);
        const form = formIn(page.text, `/${tenant.slug}/register`);
        const refused = expectStatus(await postForm(agent, form), 422);
        const required = shownFields(form).filter((name) => name !== 'pesel' || tenant.nationalId === 'required');
        expect([tenant.slug, lang, errorSummaryTargets(refused.text)]).toEqual([tenant.slug, lang, required]);
        // Each error is shown by its own field, which the page has.
        for (const name of required) expect(refused.text).toContain(`id="${name}-error"`);
      }
    }
  });
});
