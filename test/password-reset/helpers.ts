// Shared by the forgot-password request tests: a tenant and an app with a controllable clock
// and raised form limits, the forms posted as a browser would (test/support/forms.ts), and the
// links the queued mails carry, read from the outbox as the mail worker would open them.
import type { Express } from 'express';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import type { PasswordResetLimits } from '../../src/features/accounts/password-reset/password-reset.routes.ts';
import type { TenantSettings } from '../../src/platform/tenancy/tenant.ts';
import type { ControllableClock } from '../../src/lib/clock.ts';
import { clockStartingNow } from '../support/clock.ts';
import { createTestApp } from '../support/app.ts';
import type { TestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { outboxRows, sealedParamsOf } from '../support/mail.ts';
import { findForm, postForged, postForm, submitForm } from '../support/forms.ts';
import { newAgent, type Agent } from '../support/sessions.ts';

const PLENTY = { points: 1_000_000, durationSeconds: 60 };
export const RAISED_LIMITS: PasswordResetLimits = {
  requestPerIp: PLENTY,
  requestPerIdentifier: PLENTY,
  resetPerIp: PLENTY,
};

/** A password every tenant policy accepts, and nobody's personal data. */
export const NEW_PASSWORD = 'kolorowy żagiel nad Wisłą 7';

export { MINUTE } from '../support/clock.ts';

export interface Portal {
  tenant: CreatedTenant;
  slug: string;
  app: Express;
  clock: ControllableClock;
}

export async function portal(
  db: TestDatabase,
  settings: Partial<TenantSettings> = {},
  { limits = RAISED_LIMITS }: { limits?: Partial<PasswordResetLimits> } = {},
): Promise<Portal> {
  const tenant = await createTenant(db.owner, { settings: { selfRegistration: true, ...settings } });
  const clock = clockStartingNow();
  const { app } = await createTestApp(db, { clock, limits });
  return { tenant, slug: tenant.input.slug, app, clock };
}

/** "Forgot your password?" with this identifier, from a browser of its own unless given. */
export function askForLink(p: Portal, identifier: string, agent: Agent = newAgent(p.app)) {
  const form = `/${p.slug}/forgot-password`;
  return submitForm(agent, `${form}?lang=en`, { identifier }, { action: form });
}

interface SentMail {
  template: string;
  recipient: string;
  status: string;
  params: Record<string, unknown>;
}

/** The mails queued at this tenant, oldest first, with their parameters opened. */
export async function sentMails(db: TestDatabase, tenantId: TenantId): Promise<SentMail[]> {
  return (await outboxRows(db))
    .filter((row) => row.tenant_id === tenantId)
    .map((row) => ({
      template: row.template,
      recipient: row.recipient,
      status: row.status,
      params: row.sealed_params ? sealedParamsOf(row) : {},
    }));
}

/** The token of the newest reset link queued for this address. */
export async function latestResetToken(db: TestDatabase, tenantId: TenantId, email: string): Promise<string> {
  const mails = (await sentMails(db, tenantId)).filter(
    (mail) => mail.template === 'password-reset' && mail.recipient === email && mail.status !== 'dropped',
  );
  const token = mails.at(-1)?.params.token;
  if (typeof token !== 'string') throw new Error(`no reset link was queued for ${email}`);
  return token;
}

/** Opens the link's form and posts it, as rendered, where the form says (its action). */
export async function setNewPassword(
  p: Portal,
  token: string,
  password = NEW_PASSWORD,
  confirmation = password,
  agent: Agent = newAgent(p.app),
) {
  const fill = { password, passwordConfirmation: confirmation };
  const page = await agent.get(`/${p.slug}/reset-password?token=${token}&lang=en`);
  const form = findForm(page.text, `/${p.slug}/reset-password`);
  if (form) return postForm(agent, form, fill);
  // A dead link shows no form: post what it had, as an old tab would, with a CSRF token from another form.
  return postForged(agent, `/${p.slug}/forgot-password?lang=en`, `/${p.slug}/reset-password?token=${token}`, {
    token,
    ...fill,
  });
}

/** The client's row as the reset leaves it. */
export function clientRow(db: TestDatabase, tenantId: TenantId, id: string) {
  return withTenant(db.app, tenantId, (trx) =>
    trx('clients')
      .where({ id })
      .first('status', 'password_hash', 'start_password_expires_at', 'failed_sign_ins', 'locked_until', 'activated_at'),
  );
}

/** The response, after checking its status (the page's text is shown when it differs). */
export function expectStatus<R extends { status: number; text: string }>(response: R, status: number): R {
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${response.text.slice(0, 2000)}`);
  }
  return response;
}

export { newAgent };
