// What the city card's counter tests share (issue #23): a transport operator issuing the city card
// (the cards tests' centre with the city card's module and type), a holder's application made
// through the repos as the application forms (another change's) make it, submitted by the
// centre's client at the clock's instant and taken by a clerk to ready for pickup, the period
// tickets of the type, and the handover's form filled in as a clerk fills it.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createNationalIdProtector } from '../../src/features/accounts/clients/national-id.ts';
import { changeApplication, insertApplication } from '../../src/features/cards/city/city-card-applications.repo.ts';
import type { TransitionName } from '../../src/features/cards/workflow.ts';
import type { ServiceContext } from '../../src/platform/service-context.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import type { TestDatabase } from '../support/database.ts';
import { formIn, postForm, type Fill } from '../support/forms.ts';
import { TEST_DATA_KEY, testOutbox } from '../support/mail.ts';
import { staffBrowser } from '../support/staff-browser.ts';
import { clock, type SportsCentre } from './cards-support.ts';
import { passTypeFor } from './passes-support.ts';
import { cityCentre, peselBornOn, submittedCityApplication, takeSteps } from './city-support.ts';

export const nationalIds = createNationalIdProtector({ dataKey: TEST_DATA_KEY });
export const deps = { clock, outbox: testOutbox(clock), nationalIds };

/** The document every test application names; the clerk types it back at the handover. */
export const DOCUMENT = { kind: 'id_card', number: 'ABC123456' } as const;

export const cityOperator = (db: TestDatabase) => cityCentre(db);

export const cardPath = (centre: Pick<SportsCentre, 'slug'>, cardId: string) => `/${centre.slug}/admin/cards/${cardId}`;

/** What the applications below need of an issuer: the tenant, its city card type, the applying client, a clerk. */
export type CityIssuer = Pick<SportsCentre, 'tenant' | 'cardType'> & {
  client: Pick<SportsCentre['client'], 'id'>;
  clerk: Pick<SportsCentre['clerk'], 'id'>;
};

export const asClient = (centre: CityIssuer): ServiceContext => ({
  tenant: centre.tenant,
  actor: { kind: 'client', clientId: centre.client.id },
  requestId: 'city-card-test',
});

export const asClerk = (centre: CityIssuer): ServiceContext => ({
  tenant: centre.tenant,
  actor: { kind: 'staff', staffId: centre.clerk.id, role: 'clerk' },
  requestId: 'city-card-test',
});

/** A new holder's PESEL (born 14 May 1990), a serial of their own. */
export const holderPesel = () => peselBornOn('1990-05-14');

/** A complete application (the document, the address, a photo) of the card, submitted at `now`. */
export async function completeApplication(trx: Knex.Transaction, cardId: string, now: Date): Promise<void> {
  const details = { firstName: 'Ola', lastName: 'Nowak', birthDate: '1990-05-14', incapacity: 'none' as const };
  await insertApplication(trx, { cardId, holder: details, now });
  const address = { street: 'ul. Lipowa 1', postalCode: '65-001', city: 'Zielonka' };
  await changeApplication(
    trx,
    cardId,
    { address, idDocument: DOCUMENT, photoUploadId: randomUUID(), submittedAt: now },
    now,
  );
}

/** A complete application for a new holder, submitted by the centre's client now: the card's id. */
export async function submittedCard(db: TestDatabase, centre: CityIssuer, pesel = holderPesel()): Promise<string> {
  return (await submittedCityApplication(db, centre, { pesel })).cardId;
}

/** The card taken through the steps by the centre's clerk, each from the state the last one left. */
export const stepsByClerk = (db: TestDatabase, centre: CityIssuer, cardId: string, names: TransitionName[]) =>
  takeSteps(db, centre, cardId, names);

/** Approved, produced (numbered) and delivered to the counter. */
export const readyForPickup = (db: TestDatabase, centre: CityIssuer, cardId: string) =>
  stepsByClerk(db, centre, cardId, ['approve', 'produce', 'deliver']);

/** A card submitted now and made ready for pickup: its id. */
export async function readyCard(db: TestDatabase, centre: CityIssuer): Promise<string> {
  const cardId = await submittedCard(db, centre);
  await readyForPickup(db, centre, cardId);
  return cardId;
}

/** A 30-day ticket of the city card's catalogue, 110,00 zł unless told otherwise. */
export const periodTicket = (db: TestDatabase, centre: SportsCentre, name = 'Bilet 30-dniowy', price = 11_000) =>
  passTypeFor(db.app, centre.tenant, centre.cardType, { name, price, facility: 'komunikacja miejska' });

/** The clerk and the manager signed in afresh, after the clock has moved past their sessions. */
export async function staffSignInAgain(db: TestDatabase, centre: SportsCentre): Promise<void> {
  centre.clerkBrowser = await staffBrowser(db.app, centre.app, centre.tenant, centre.clerk, clock);
  centre.managerBrowser = await staffBrowser(db.app, centre.app, centre.tenant, centre.manager, clock);
}

/** The handover's identity check, confirmation and photo, as a clerk fills them in right. */
export const CHECKED = {
  documentChecked: true,
  documentNumber: 'abc 123-456',
  confirmationSigned: true,
  photoReturned: true,
} as const satisfies Fill;

/** The handover filled in right, with a top-up of 10,00 zł paid in cash. */
export const HANDOVER: Fill = {
  ...CHECKED,
  load: 'top_up',
  topUp: '10,00',
  source: 'cash',
  receiptNumber: 'KP/2026/1',
};

/** The clerk's card page, its handover form posted with `fill`: the response. */
export async function handOver(centre: SportsCentre, cardId: string, fill: Fill = HANDOVER) {
  const page = await centre.clerkBrowser.get(cardPath(centre, cardId)).expect(200);
  return postForm(centre.clerkBrowser, formIn(page.text, `${cardPath(centre, cardId)}/handover`), fill);
}

/** The card's row as the database keeps it. */
export function cardRow(db: TestDatabase, centre: SportsCentre, cardId: string) {
  return withTenant(db.app, centre.tenant.id, (trx) =>
    tenantRows(trx, 'cards').where({ id: cardId }).first('state', 'number', 'account_id', 'holder_pesel_index'),
  );
}

/** The loads recorded for the ticketing system at the centre, oldest first. */
export function loadRows(db: TestDatabase, centre: SportsCentre) {
  return withTenant(db.app, centre.tenant.id, (trx) =>
    tenantRows(trx, 'ticketing_loads')
      .orderBy('created_at')
      .orderBy('kind')
      .select(
        'card_id',
        'bearer_card_id',
        'kind',
        'origin',
        'amount',
        'ticket_name',
        'moved_from_card_id',
        'exported_at',
      ),
  );
}

/** The ledger entries of an account, oldest first, as numbers. */
export async function entriesOf(db: TestDatabase, centre: SportsCentre, accountId: string) {
  const rows = await withTenant(db.app, centre.tenant.id, (trx) =>
    tenantRows(trx, 'ledger_entries')
      .where({ account_id: accountId })
      .orderBy('created_at')
      .orderBy('kind')
      .select('kind', 'amount', 'title', 'receipt_number'),
  );
  return rows.map((row: { amount: string }) => ({ ...row, amount: Number(row.amount) }));
}
