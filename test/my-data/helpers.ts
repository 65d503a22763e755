// Shared by the my-data request tests: a tenant and an app on a controllable clock, clients
// with a sealed PESEL (as registration stores them), browsers signed in through the real form,
// the page's forms posted as rendered (test/support/forms.ts), and the sealed parameters of a queued mail.
import type { Express } from 'express';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import type { TenantSettings } from '../../src/platform/tenancy/tenant.ts';
import type { ControllableClock } from '../../src/lib/clock.ts';
import { clockStartingNow } from '../support/clock.ts';
import { createTestApp } from '../support/app.ts';
import { createClientWithPesel } from '../support/clients.ts';
import type { TestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { outboxRows, type OutboxRow } from '../support/mail.ts';
import { submitForm, type Fill } from '../support/forms.ts';
import { newAgent, signInWith, type Agent } from '../support/sessions.ts';

export { DAY } from '../support/clock.ts';

export interface DataPortal {
  tenant: CreatedTenant;
  slug: string;
  app: Express;
  clock: ControllableClock;
}

export async function dataPortal(db: TestDatabase, settings: Partial<TenantSettings> = {}): Promise<DataPortal> {
  const tenant = await createTenant(db.owner, { settings: { nationalId: 'optional', ...settings } });
  const clock = clockStartingNow();
  const { app } = await createTestApp(db, { clock, trustProxy: true });
  return { tenant, slug: tenant.input.slug, app, clock };
}

/** A browser signed in as the client, with a User-Agent and address of its own. */
/** An active client (English pages) whose PESEL is sealed as registration stores it. */
export function clientWithPesel(
  db: TestDatabase,
  tenantId: TenantId,
  pesel: string,
  columns: Record<string, unknown> = {},
) {
  return createClientWithPesel(db.app, tenantId, pesel, { preferred_locale: 'en', ...columns });
}

export async function signedIn(
  p: DataPortal,
  client: { email: string | null; password: string },
  { userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', ip = '198.51.100.10' } = {},
): Promise<Agent> {
  const agent = newAgent(p.app).set('User-Agent', userAgent).set('X-Forwarded-For', ip);
  const response = await signInWith(agent, p.slug, client.email!, client.password);
  if (response.status !== 303) throw new Error(`sign-in failed: ${response.status}`);
  return agent;
}

/** Posts one of the forms of /account/data, as rendered, with `fill` typed in. */
export function postDataForm(agent: Agent, slug: string, action: string, fill: Fill) {
  return submitForm(agent, `/${slug}/account/data`, fill, { action: `/${slug}${action}` });
}

export function exportData(agent: Agent, slug: string, format: string, password: string) {
  return postDataForm(agent, slug, '/account/data/export', { format, exportPassword: password });
}

export async function mailsOf(db: TestDatabase, template: string): Promise<OutboxRow[]> {
  return (await outboxRows(db)).filter((row) => row.template === template);
}

export function clientRow(db: TestDatabase, tenantId: TenantId, id: string) {
  return withTenant(db.app, tenantId, (trx) => trx('clients').where({ id }).first());
}
