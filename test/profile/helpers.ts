// Shared by the profile request tests: a tenant and an app on a controllable clock, clients
// (with a PESEL sealed as registration stores it), forms posted as a browser would, and what
// the outbox and the clients table hold afterwards.
import type { Express } from 'express';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import type { ControllableClock } from '../../src/lib/clock.ts';
import { clockStartingNow } from '../support/clock.ts';
import { createTestApp } from '../support/app.ts';
import type { TestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { outboxRows, sealedParamsOf, type OutboxRow } from '../support/mail.ts';
import { formIn, postForged, postForm, submitForm } from '../support/forms.ts';
import { newAgent, signInAs, type Agent } from '../support/sessions.ts';

export const HOUR = 3_600_000;

export interface ProfilePortal {
  tenant: CreatedTenant;
  slug: string;
  app: Express;
  clock: ControllableClock;
}

export async function profilePortal(db: TestDatabase): Promise<ProfilePortal> {
  const tenant = await createTenant(db.owner, { settings: { nationalId: 'optional' } });
  const clock = clockStartingNow();
  const { app } = await createTestApp(db, { clock });
  return { tenant, slug: tenant.input.slug, app, clock };
}

/** A browser signed in as the client. */
export async function signedIn(p: ProfilePortal, client: { email: string | null; password: string }): Promise<Agent> {
  const agent = newAgent(p.app);
  await signInAs(agent, p.slug, client);
  return agent;
}

export function askForEmailChange(agent: Agent, slug: string, fields: { newEmail: string; password: string }) {
  return submitForm(agent, `/${slug}/account/email`, fields);
}

/** The tenant's outbox rows (of one template, if given), oldest first. */
export async function mailsOf(db: TestDatabase, tenantId: TenantId, template?: string): Promise<OutboxRow[]> {
  return (await outboxRows(db)).filter(
    (row) => row.tenant_id === tenantId && (template === undefined || row.template === template),
  );
}

/** The token of the newest e-mail change link queued at the tenant. */
export async function newestEmailChangeToken(db: TestDatabase, tenantId: TenantId): Promise<string> {
  const rows = await mailsOf(db, tenantId, 'email-change');
  return sealedParamsOf(rows.at(-1)!).token as string;
}

/** Opens the link's page in a browser with no session and presses its confirm button. */
export async function confirmViaLink(p: ProfilePortal, token: string, agent: Agent = newAgent(p.app)) {
  const page = await agent.get(`/${p.slug}/account/email/confirm?token=${token}`);
  const action = `/${p.slug}/account/email/confirm`;
  const form = page.status === 200 ? formIn(page.text, action) : undefined;
  // A dead link shows no form: post what it had, as an old tab would, with a CSRF token from another page.
  const response = form
    ? await postForm(agent, form)
    : await postForged(agent, `/${p.slug}/sign-in`, action, { token });
  return { page, response };
}

export function clientRow(db: TestDatabase, tenantId: TenantId, id: string) {
  return withTenant(db.app, tenantId, (trx) =>
    trx('clients').where({ id }).first('email', 'preferred_locale', 'status'),
  );
}

export function emailChangeTokens(db: TestDatabase, tenantId: TenantId) {
  return withTenant(db.app, tenantId, (trx) =>
    trx('account_tokens').where({ purpose: 'email_change' }).orderBy('created_at').select('new_email', 'used_at'),
  );
}
