// What the tests of a city card holder's change of data by request share (issue #23): an active
// city card (made ready and handed over at the counter), its page online and at the counter, the
// open request's row, and the application's row as the database keeps them.
import { insertChange } from '../../src/features/cards/city/changes/changes.repo.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import type { TestDatabase } from '../support/database.ts';
import { clock, type SportsCentre } from './cards-support.ts';
import { cardPath, handOver, readyCard, stepsByClerk, type CityIssuer } from './city-handover-support.ts';

/** The city card's page online, for the account that applied. */
export const ownPage = (centre: Pick<SportsCentre, 'slug'>, cardId: string) =>
  `/${centre.slug}/cards/karta-miejska/applications/${cardId}`;

/** A card made ready and handed over with a 10,00 zł top-up: its id, active. */
export async function activeCard(db: TestDatabase, centre: SportsCentre): Promise<string> {
  const cardId = await readyCard(db, centre);
  const handed = await handOver(centre, cardId);
  if (handed.status !== 303) throw new Error(`the handover answered ${handed.status}`);
  return cardId;
}

export { cardPath };

/** For tests of who may do what (the route matrix): a card handed over by the service, no load. */
export async function activeInTable(db: TestDatabase, issuer: CityIssuer): Promise<string> {
  const cardId = await readyCard(db, issuer);
  await stepsByClerk(db, issuer, cardId, ['issue']);
  return cardId;
}

/** An active card with an open request for a new address, asked for by the issuer's clerk. */
export async function askingInTable(db: TestDatabase, issuer: CityIssuer): Promise<string> {
  const cardId = await activeInTable(db, issuer);
  const address = { street: 'ul. Macierzowa 1', postalCode: '65-001', city: 'Zielonka' };
  await withTenant(db.app, issuer.tenant.id, (trx) =>
    insertChange(trx, {
      cardId,
      requested: { kind: 'address', address },
      by: { role: 'staff', id: issuer.clerk.id },
      now: clock.now(),
    }),
  );
  return cardId;
}

/** The card's change requests, oldest first. */
export function changeRows(db: TestDatabase, centre: SportsCentre, cardId: string) {
  return withTenant(db.app, centre.tenant.id, (trx) =>
    tenantRows(trx, 'city_card_changes')
      .where({ card_id: cardId })
      .orderBy('requested_at')
      .select(
        'kind',
        'street',
        'first_name',
        'last_name',
        'discount_kind',
        'proof_upload_id',
        'requested_by_role',
        'completed_at',
        'completed_by',
        'cancelled_at',
        'new_card_id',
        'deposit_account_id',
      ),
  );
}

/** The card's application as the database keeps it. */
export function applicationRow(db: TestDatabase, centre: SportsCentre, cardId: string) {
  return withTenant(db.app, centre.tenant.id, (trx) =>
    tenantRows(trx, 'city_card_applications')
      .where({ card_id: cardId })
      .first(
        'holder_first_name',
        'holder_last_name',
        'street',
        'postal_code',
        'city',
        'discount_kind',
        trx.raw('discount_valid_until::text AS discount_valid_until'),
        'proof_upload_id',
      ),
  );
}
