// city_card_changes: the one module that reads and writes it (migration 20261217000500). Every
// function takes a withTenant() transaction; another tenant's request is not found.
import type { Knex } from 'knex';
import { tenantRows } from '../../../../platform/tenancy/tenant-transaction.ts';
import type { DiscountKind, HolderAddress } from '../city-card.types.ts';

/** What is asked for, by its kind; a discount of null withdraws the discount. */
export type RequestedChange =
  | { kind: 'address'; address: HolderAddress }
  | { kind: 'name'; firstName: string; lastName: string }
  | {
      kind: 'discount';
      discount: { kind: DiscountKind; validUntil: string; proofUploadId: string } | null;
    };

export interface CardChange {
  id: string;
  cardId: string;
  requested: RequestedChange;
  requestedAt: Date;
  requestedBy: { role: 'client' | 'staff'; id: string };
}

interface ChangeRow {
  id: string;
  card_id: string;
  kind: RequestedChange['kind'];
  street: string | null;
  postal_code: string | null;
  city: string | null;
  first_name: string | null;
  last_name: string | null;
  discount_kind: DiscountKind | null;
  discount_valid_until: string | null;
  proof_upload_id: string | null;
  requested_at: Date;
  requested_by_role: 'client' | 'staff';
  requested_by_id: string;
}

function requestedOf(row: ChangeRow): RequestedChange {
  switch (row.kind) {
    case 'address':
      return { kind: 'address', address: { street: row.street!, postalCode: row.postal_code!, city: row.city! } };
    case 'name':
      return { kind: 'name', firstName: row.first_name!, lastName: row.last_name! };
    case 'discount':
      return {
        kind: 'discount',
        discount:
          row.discount_kind && row.discount_valid_until && row.proof_upload_id
            ? { kind: row.discount_kind, validUntil: row.discount_valid_until, proofUploadId: row.proof_upload_id }
            : null,
      };
  }
}

const toChange = (row: ChangeRow): CardChange => ({
  id: row.id,
  cardId: row.card_id,
  requested: requestedOf(row),
  requestedAt: row.requested_at,
  requestedBy: { role: row.requested_by_role, id: row.requested_by_id },
});

function requestedColumns(requested: RequestedChange): Record<string, unknown> {
  switch (requested.kind) {
    case 'address':
      return {
        street: requested.address.street,
        postal_code: requested.address.postalCode,
        city: requested.address.city,
      };
    case 'name':
      return { first_name: requested.firstName, last_name: requested.lastName };
    case 'discount':
      return {
        discount_kind: requested.discount?.kind ?? null,
        discount_valid_until: requested.discount?.validUntil ?? null,
        proof_upload_id: requested.discount?.proofUploadId ?? null,
      };
  }
}

/** The card's open request (neither completed nor cancelled), `lock` taking its row for the transaction. */
export async function openChangeOf(
  trx: Knex.Transaction,
  cardId: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<CardChange | undefined> {
  const query = tenantRows(trx, 'city_card_changes')
    .where({ card_id: cardId })
    .whereNull('completed_at')
    .whereNull('cancelled_at');
  if (lock) query.forUpdate();
  const row = await query.first(
    'id',
    'card_id',
    'kind',
    'street',
    'postal_code',
    'city',
    'first_name',
    'last_name',
    'discount_kind',
    trx.raw('discount_valid_until::text AS discount_valid_until'),
    'proof_upload_id',
    'requested_at',
    'requested_by_role',
    'requested_by_id',
  );
  return row ? toChange(row as ChangeRow) : undefined;
}

/**
 * The request recorded; false when the card has an open one already (city_card_changes_open,
 * taken under a savepoint so that the transaction goes on).
 */
export async function insertChange(
  trx: Knex.Transaction,
  input: { cardId: string; requested: RequestedChange; by: CardChange['requestedBy']; now: Date },
): Promise<boolean> {
  const row = {
    card_id: input.cardId,
    kind: input.requested.kind,
    ...requestedColumns(input.requested),
    requested_at: input.now,
    requested_by_role: input.by.role,
    requested_by_id: input.by.id,
  };
  return trx
    .transaction(async (savepoint) => {
      await savepoint('city_card_changes').insert(row);
      return true;
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === '23505') return false;
      throw error;
    });
}

export async function cancelChange(trx: Knex.Transaction, id: string, now: Date): Promise<boolean> {
  const updated = await tenantRows(trx, 'city_card_changes')
    .where({ id })
    .whereNull('completed_at')
    .whereNull('cancelled_at')
    .update({ cancelled_at: now });
  return updated === 1;
}

export async function completeChange(
  trx: Knex.Transaction,
  id: string,
  done: {
    now: Date;
    staffId: string;
    newCard?: { id: string; depositAccountId: string; receiptNumber: string };
  },
): Promise<boolean> {
  const updated = await tenantRows(trx, 'city_card_changes')
    .where({ id })
    .whereNull('completed_at')
    .whereNull('cancelled_at')
    .update({
      completed_at: done.now,
      completed_by: done.staffId,
      ...(done.newCard
        ? {
            new_card_id: done.newCard.id,
            deposit_account_id: done.newCard.depositAccountId,
            receipt_number: done.newCard.receiptNumber,
          }
        : {}),
    });
  return updated === 1;
}
