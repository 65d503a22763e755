// Shared by the registration request tests: a tenant and an app with a controllable clock and
// raised form limits, the forms posted as a browser would (the page's own fields, read from
// it: test/support/forms.ts), and what the database holds afterwards.
import type { Express } from 'express';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import type { RegistrationLimits } from '../../src/features/accounts/registration/registration.routes.ts';
import type { TenantSettings } from '../../src/platform/tenancy/tenant.ts';
import type { ControllableClock } from '../../src/lib/clock.ts';
import { clockStartingNow } from '../support/clock.ts';
import { createTestApp } from '../support/app.ts';
import type { TestDatabase } from '../support/database.ts';
import { createTenant, frontDeskInput, type CreatedTenant } from '../support/factories.ts';
import { submitForm, type Fill } from '../support/forms.ts';
import { newAgent, type Agent } from '../support/sessions.ts';

const PLENTY = { points: 1_000_000, durationSeconds: 60 };
export const RAISED_LIMITS: RegistrationLimits = {
  registerPerIp: PLENTY,
  registerPerPesel: PLENTY,
  resendPerIp: PLENTY,
  resendPerEmail: PLENTY,
  activatePerIp: PLENTY,
};

/** A valid PESEL of a woman born 14 May 1944 (the example). */
export const ADULT_PESEL = '44051401359';

export interface Portal {
  tenant: CreatedTenant;
  slug: string;
  app: Express;
  clock: ControllableClock;
}

export async function portal(
  db: TestDatabase,
  settings: Partial<TenantSettings> = {},
  {
    limits = RAISED_LIMITS,
    desks = [frontDeskInput()],
  }: { limits?: Partial<RegistrationLimits>; desks?: ReturnType<typeof frontDeskInput>[] } = {},
): Promise<Portal> {
  const tenant = await createTenant(db.owner, { settings: { selfRegistration: true, ...settings } }, desks);
  const clock = clockStartingNow();
  const { app } = await createTestApp(db, { clock, limits });
  return { tenant, slug: tenant.input.slug, app, clock };
}

/** Opens the form page in a language and posts its form, as rendered, with `fill` typed in. */
export function submit(agent: Agent, formPath: string, fill: Fill, { lang = 'en' }: { lang?: string } = {}) {
  const separator = formPath.includes('?') ? '&' : '?';
  return submitForm(agent, `${formPath}${separator}lang=${lang}`, fill, { action: formPath });
}

/** What a person types into the registration form; a PESEL only where the test gives one. */
export type RegistrationFields = {
  firstName: string;
  lastName: string;
  email: string;
  accept: boolean;
};

export function registrationFields<T extends Fill = Record<never, never>>(
  overrides: T = {} as T,
): Omit<RegistrationFields, keyof T> & T {
  return {
    firstName: 'Zofia',
    lastName: 'Wiśniewska',
    email: `zofia.${Math.random().toString(36).slice(2, 10)}@example.test`,
    accept: true,
    ...overrides,
  };
}

export function register(agent: Agent, slug: string, fill: Fill, lang = 'en') {
  return submit(agent, `/${slug}/register`, fill, { lang });
}

export { newAgent };

export interface Counts {
  clients: number;
  consents: number;
  tokens: number;
  mails: number;
}

/** Rows this tenant has, read through the app role inside the tenant. */
export function counts(db: TestDatabase, tenantId: TenantId): Promise<Counts> {
  return withTenant(db.app, tenantId, async (trx) => {
    const count = async (table: string) => Number((await trx(table).count({ n: '*' }))[0]!.n);
    return {
      clients: await count('clients'),
      consents: await count('client_consents'),
      tokens: await count('account_tokens'),
      mails: await count('mail_outbox'),
    };
  });
}

/** The mails queued at this tenant, oldest first. */
export function queuedMails(db: TestDatabase, tenantId: TenantId) {
  return withTenant(db.app, tenantId, (trx) =>
    trx('mail_outbox').orderBy('created_at').select('template', 'recipient', 'status'),
  );
}

export function clientByEmail(db: TestDatabase, tenantId: TenantId, email: string) {
  return withTenant(db.app, tenantId, (trx) =>
    trx('clients')
      .where({ email_key: email.toLowerCase() })
      .first('id', 'status', 'password_hash', 'national_id_index', 'registration_expires_at'),
  );
}

/** The response, after checking its status (the page's text is shown when it differs). */
export function expectStatus<R extends { status: number; text: string }>(response: R, status: number): R {
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${response.text.slice(0, 2000)}`);
  }
  return response;
}
