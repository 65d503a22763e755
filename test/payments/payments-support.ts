// What the payments tests share: a tenant with a signed-in client whose account has a charge
// due, the Pay form posted as the page has it, and notifications signed as the test provider
// signs them (with the key the app derives from the test DATA_KEY).
import type { Express } from 'express';
import { expect } from 'vitest';
import type { Clock } from '../../src/lib/clock.ts';
import { balanceAsOf, openAccount, postCharge, type MoneyAccount } from '../../src/features/money/index.ts';
import { testProviderSignature } from '../../src/features/payments/signatures.ts';
import { testProviderKey } from '../../src/features/payments/test-provider/test-provider.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createTestApp, type TestAppOptions } from '../support/app.ts';
import { createActiveClient, type CreatedClient } from '../support/clients.ts';
import type { TestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { submitForm } from '../support/forms.ts';
import { TEST_DATA_KEY } from '../support/mail.ts';
import { newAgent, signInAs, type Agent } from '../support/sessions.ts';

/** The charge due: 125,50 zł. */
export const DUE = 12_550;

export interface PaymentsPortal {
  app: Express;
  tenant: Tenant;
  slug: string;
  client: CreatedClient;
  account: MoneyAccount;
  browser: Agent;
}

export async function paymentsPortal(
  database: TestDatabase,
  clock: Clock,
  options: Omit<TestAppOptions, 'clock'> = {},
): Promise<PaymentsPortal> {
  const created = await createTenant(database.owner);
  const { app, registry } = await createTestApp(database, { clock, ...options });
  const tenant = registry.findById(created.id)!;
  const client = await createActiveClient(database.app, tenant.id);
  const system = { tenant, actor: { kind: 'system' as const, job: 'test' }, requestId: 'test' };
  const account = await withTenant(database.app, tenant.id, async (trx) => {
    const opened = await openAccount(trx, {
      ownerKind: 'client',
      ownerId: client.id,
      currency: 'PLN',
      kind: 'fees',
      name: 'Opłaty eksploatacyjne',
      openedOn: '2026-01-01',
    });
    await postCharge(trx, system, {
      accountId: opened.id,
      amount: DUE,
      title: 'Opłata za grudzień',
      bookedOn: '2026-12-01',
      dueOn: '2026-12-10',
    });
    return opened;
  });
  const browser = newAgent(app);
  await signInAs(browser, tenant.slug, client);
  return { app, tenant, slug: tenant.slug, client, account, browser };
}

/** Presses Pay on the page of what is due; the intent's id from where it leads. */
export async function pressPay(portal: PaymentsPortal, browser: Agent = portal.browser): Promise<string> {
  const { slug, account } = portal;
  const response = await submitForm(
    browser,
    `/${slug}/account/payments/new?account=${account.id}`,
    {},
    { action: `/${slug}/account/payments` },
  );
  expect(response.status).toBe(303);
  return /\/account\/payments\/([0-9a-f-]{36})$/.exec(String(response.headers.location))![1]!;
}

export async function intentRow(database: TestDatabase, tenant: Tenant, id: string) {
  return withTenant(database.app, tenant.id, (trx) => tenantRows(trx, 'payment_intents').where({ id }).first());
}

export async function balanceOf(database: TestDatabase, portal: PaymentsPortal): Promise<number> {
  return withTenant(database.app, portal.tenant.id, (trx) => balanceAsOf(trx, portal.account.id, '2099-12-31'));
}

export async function paymentEntries(database: TestDatabase, portal: PaymentsPortal): Promise<number> {
  const rows = await withTenant(database.app, portal.tenant.id, (trx) =>
    tenantRows(trx, 'ledger_entries').where({ kind: 'payment' }).count<{ count: string }[]>('* as count'),
  );
  return Number(rows[0]!.count);
}

/** The payer's choice on the test provider's page, as a browser makes it; the page it comes back to. */
export async function chooseAtProvider(
  database: TestDatabase,
  portal: PaymentsPortal,
  intentId: string,
  choice: 'pay' | 'fail' | 'abandon',
) {
  const intent = await intentRow(database, portal.tenant, intentId);
  const page = new URL(intent.redirect_url as string).pathname;
  const response = await submitForm(portal.browser, page, {}, { action: `${page}/${choice}` });
  expect([response.status, response.headers.location]).toEqual([303, page]);
  return portal.browser.get(page).expect(200);
}

/** A notification body as the test provider sends it, and its signature header. */
export function signedNotification(
  fields: { merchant: string; sessionId: string; orderId: string; amount: number; currency: string; status: string },
  key: Buffer = testProviderKey(TEST_DATA_KEY),
): { body: string; signature: string } {
  const body = JSON.stringify(fields);
  return { body, signature: `sha256=${testProviderSignature(body, key)}` };
}

export async function notificationFor(
  database: TestDatabase,
  portal: PaymentsPortal,
  intentId: string,
  overrides: Partial<{ amount: number; currency: string; status: string }> = {},
) {
  const intent = await intentRow(database, portal.tenant, intentId);
  return signedNotification({
    merchant: portal.tenant.id,
    sessionId: intent.provider_session_id,
    orderId: intent.provider_order_id,
    amount: Number(intent.amount),
    currency: intent.currency,
    status: 'paid',
    ...overrides,
  });
}

/**
 * Pays what is due on the portal's account online, as its client does: Pay pressed, paid on the
 * provider's page, and the provider's notification delivered to the portal.
 */
export async function payOnline(database: TestDatabase, portal: PaymentsPortal): Promise<void> {
  const intentId = await pressPay(portal);
  await chooseAtProvider(database, portal, intentId, 'pay');
  const notification = await notificationFor(database, portal, intentId);
  await portal.browser
    .post(`/${portal.slug}/payments/notifications/test`)
    .set('content-type', 'application/json')
    .set('x-test-provider-signature', notification.signature)
    .send(notification.body)
    .expect(200);
}
