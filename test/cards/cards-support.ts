// What the cards tests share: a sports centre offering the Client Card (the card type as the demo
// seeds make it: 20,00 zł, 12-digit numbers beginning 7701), its client signed in, a clerk's and a
// manager's browsers, and the app on a fixed clock (15 December 2026). Given other modules and a
// card type, the same tenant issues that type instead (the city card, its module turned on).
import type { Express } from 'express';
import { expect } from 'vitest';
import { DEMO_CARD_TYPES } from '../../seeds/demo-cards.ts';
import { controllableClock } from '../../src/lib/clock.ts';
import { insertCardType } from '../../src/features/cards/card-types.repo.ts';
import type { CardType } from '../../src/features/cards/cards.types.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { payOnline } from '../payments/payments-support.ts';
import { createTestApp, type TestAppOptions } from '../support/app.ts';
import { createActiveClient, type CreatedClient } from '../support/clients.ts';
import type { TestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { formsIn, submitForm, type PageForm } from '../support/forms.ts';
import { newAgent, signInAs, type Agent } from '../support/sessions.ts';
import { createActiveStaff, type TestStaffMember } from '../support/staff.ts';
import { staffBrowser } from '../support/staff-browser.ts';

export const clock = controllableClock(new Date('2026-12-15T09:00:00Z'));

/** The demo seeds' Client Card, as the demo sports centre issues it. */
const { tenantSlug: _demoTenant, ...demoClientCard } = DEMO_CARD_TYPES[0];
export const CLIENT_CARD: Omit<CardType, 'id'> = demoClientCard;

/** A city transport e-card (issue #23): free, 16-digit numbers beginning 6001. */
export const CITY_CARD: Omit<CardType, 'id'> = {
  code: 'karta-miejska',
  name: 'Karta Miejska',
  workflow: 'city_card',
  activationFee: 0,
  currency: 'PLN',
  numberPrefix: '6001',
  numberLength: 16,
  checkDigit: 'luhn',
};

export interface SportsCentre {
  app: Express;
  tenant: Tenant;
  slug: string;
  cardType: CardType;
  client: CreatedClient;
  browser: Agent;
  clerk: TestStaffMember;
  clerkBrowser: Agent;
  manager: TestStaffMember;
  managerBrowser: Agent;
}

export async function sportsCentre(
  database: TestDatabase,
  {
    modules = ['registration', 'client_card', 'balance'] as Tenant['modules'],
    issues = CLIENT_CARD,
    limits,
  }: { modules?: Tenant['modules']; issues?: Omit<CardType, 'id'>; limits?: TestAppOptions['limits'] } = {},
): Promise<SportsCentre> {
  const created = await createTenant(database.owner, { kind: 'sports_centre', modules });
  const { app, registry } = await createTestApp(database, { clock, ...(limits ? { limits } : {}) });
  const tenant = registry.findById(created.id)!;
  const id = await withTenant(database.app, tenant.id, (trx) => insertCardType(trx, issues));
  const cardType = { id: id!, ...issues };
  const client = await createActiveClient(database.app, tenant.id);
  const browser = newAgent(app);
  await signInAs(browser, tenant.slug, client);
  const clerk = await createActiveStaff(database.app, tenant.id, { role: 'clerk' });
  const manager = await createActiveStaff(database.app, tenant.id, { role: 'manager' });
  return {
    app,
    tenant,
    slug: tenant.slug,
    cardType,
    client,
    browser,
    clerk,
    clerkBrowser: await staffBrowser(database.app, app, tenant, clerk, clock),
    manager,
    managerBrowser: await staffBrowser(database.app, app, tenant, manager, clock),
  };
}

/** The tenant's cards, oldest first. */
export function cardRows(database: TestDatabase, tenant: Tenant) {
  return withTenant(database.app, tenant.id, (trx) =>
    tenantRows(trx, 'cards').orderBy('created_at').select('id', 'client_id', 'state', 'number', 'account_id'),
  );
}

/** The charges on the card's money account. */
export function chargesOn(database: TestDatabase, tenant: Tenant, accountId: string) {
  return withTenant(database.app, tenant.id, (trx) =>
    tenantRows(trx, 'ledger_entries').where({ account_id: accountId, kind: 'charge' }).select('amount', 'title'),
  );
}

/** The card mails queued, oldest first, with their recipient. */
export function cardMails(database: TestDatabase, tenant: Tenant) {
  return withTenant(database.app, tenant.id, (trx) =>
    tenantRows(trx, 'mail_outbox').where({ template: 'card-state' }).orderBy('created_at').select('id', 'recipient'),
  );
}

/** The form of one workflow step on a card's page at the counter. */
export function stepForm(html: string, action: string, step: string): PageForm {
  const form = formsIn(html).find(
    (candidate) =>
      candidate.action === action &&
      candidate.fields.some((field) => field.name === 'transition' && field.value === step),
  );
  if (!form) throw new Error(`no form of the step ${step}`);
  return form;
}

/** The Client Card's page at the centre. */
export const cardPage = (centre: Pick<SportsCentre, 'slug'>) => `/${centre.slug}/cards/karta-klienta`;

/** The client applies with the page's Apply button (another client of the centre with `browser`); the page it leads to. */
export async function applyOnline(centre: SportsCentre, browser: Agent = centre.browser) {
  const response = await submitForm(browser, cardPage(centre), {}, { action: `${cardPage(centre)}/application` });
  expect(response.status).toBe(303);
  return browser.get(String(response.headers.location)).expect(200);
}

/** What is due on the card's account paid online by its holder (the test provider), its notification delivered. */
export function payCardOnline(
  database: TestDatabase,
  centre: SportsCentre,
  accountId: string,
  browser: Agent = centre.browser,
): Promise<void> {
  return payOnline(database, { ...centre, browser, account: { id: accountId } as never });
}
