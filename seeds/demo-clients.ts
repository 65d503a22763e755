// Development only: one active client at each demo tenant that allows self-registration, so
// sign-in (issue #6) can be tried at once, and at the housing cooperative an account as its
// counter issues them: a login and a start password, to be changed at the first sign-in.
// README, "Demo tenants", lists their details. Idempotent: an existing demo client is left as
// it is (so a start password seeded more than 7 days ago has expired; delete the row to renew).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { withTenant, asTenantId } from '../src/platform/tenancy/tenant-transaction.ts';
import { createNationalIdProtector } from '../src/features/accounts/clients/national-id.ts';
import { makePesel } from '../src/lib/pesel.ts';
import { nationalIdContext } from '../src/features/accounts/registration/registration.service.ts';
import { PRIVACY_NOTICE_VERSION } from '../src/features/portal/tenant-pages/documents.ts';
import { TENANT_SETTINGS } from '../src/features/index.ts';
import type { TenantSettings } from '../src/platform/tenancy/tenant.ts';
import type { Locale } from '../src/platform/i18n/locales.ts';
import { hashPassword } from '../src/platform/crypto/password-hash.ts';

export interface DemoClient {
  tenantSlug: string;
  firstName: string;
  lastName: string;
  email?: string;
  /** A login issued at the counter, with `password` as its start password. */
  login?: string;
  password: string;
  locale: Locale;
  pesel?: string;
  /** Normalised as the counter keeps it (src/lib/phone.ts). */
  phone?: string;
}

const START_PASSWORD_DAYS = 7;

export const DEMO_CLIENTS: readonly DemoClient[] = [
  {
    tenantSlug: 'mosir-zielonka',
    firstName: 'Jan',
    lastName: 'Kowalski',
    email: 'jan.kowalski@example.org',
    // The sports centre's own rule: 8 characters, an uppercase letter, a digit or a sign.
    password: 'Basen-Zielonka-2026',
    locale: 'pl',
    pesel: makePesel({ year: 1985, month: 3, day: 12, serial: 4571, sex: 'male' }),
    phone: '+48601234567',
  },
  {
    // Holds the Client Card with two season passes (seeds/demo-cards.ts), a student.
    tenantSlug: 'mosir-zielonka',
    firstName: 'Ewa',
    lastName: 'Wiśniewska',
    email: 'ewa.wisniewska@example.org',
    password: 'Karnet-Zielonka-2026',
    locale: 'pl',
    pesel: makePesel({ year: 2004, month: 9, day: 21, serial: 3382, sex: 'female' }),
  },
  {
    tenantSlug: 'mzk-zielonka',
    firstName: 'Anna',
    lastName: 'Nowak',
    email: 'anna.nowak@example.org',
    password: 'tramwaj o poranku 7',
    locale: 'pl',
  },
  {
    tenantSlug: 'mesto-lipnik',
    firstName: 'Petra',
    lastName: 'Svobodová',
    email: 'petra.svobodova@example.org',
    password: 'radnice na namesti 12',
    locale: 'cs',
    phone: '+420777123456',
  },
  {
    tenantSlug: 'sm-sloneczna',
    firstName: 'Maria',
    lastName: 'Zielińska',
    login: 'sm-1042',
    password: 'Start-Sloneczna-1042',
    locale: 'pl',
  },
];

export async function seedDemoClients(owner: Knex, { dataKey }: { dataKey: Buffer }): Promise<void> {
  const nationalIds = createNationalIdProtector({ dataKey });
  for (const demo of DEMO_CLIENTS) {
    const tenant = await owner('tenants').where({ slug: demo.tenantSlug }).first('id', 'settings');
    if (!tenant) continue;
    const tenantId = asTenantId(tenant.id as string);
    await withTenant(owner, tenantId, async (trx) => {
      const existing = demo.email
        ? trx('clients').where({ email_key: demo.email.toLowerCase() })
        : trx('clients').where({ login_key: demo.login!.toLowerCase() });
      if (await existing.first('id')) return;
      const passwordHash = await hashPassword(demo.password);
      const id = randomUUID();
      const now = new Date();
      await trx('clients').insert({
        id,
        first_name: demo.firstName,
        last_name: demo.lastName,
        email: demo.email ?? null,
        login: demo.login ?? null,
        phone: demo.phone ?? null,
        national_id_sealed: demo.pesel ? nationalIds.seal(demo.pesel, nationalIdContext(tenantId, id)) : null,
        national_id_index: demo.pesel ? nationalIds.blindIndex(tenantId, demo.pesel) : null,
        preferred_locale: demo.locale,
        password_hash: passwordHash,
        created_at: now,
        ...(demo.login
          ? {
              status: 'issued',
              start_password_expires_at: new Date(now.getTime() + START_PASSWORD_DAYS * 24 * 60 * 60_000),
            }
          : { status: 'active', activated_at: now }),
      });
      const regulations = (TENANT_SETTINGS.parse(tenant.settings) as unknown as TenantSettings).regulations.version;
      await trx('client_consents').insert([
        { client_id: id, document: 'regulations', version: regulations, accepted_at: now },
        { client_id: id, document: 'privacy_notice', version: PRIVACY_NOTICE_VERSION, accepted_at: now },
      ]);
    });
  }
}
