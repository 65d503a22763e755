// city_card_applications: the one module that reads and writes it (migration 20261217000100).
// Every function takes a withTenant() transaction; another tenant's application is not found.
// A draft may lack anything; what a submission needs is application-rules.ts's to judge.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Incapacity } from '../../../lib/legal-capacity.ts';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';
import type { CityCardApplication, DiscountKind, IdDocumentKind, RepresentativeRelation } from './city-card.types.ts';

interface ApplicationRow {
  card_id: string;
  reference: string;
  holder_first_name: string;
  holder_last_name: string;
  holder_birth_date: string;
  incapacity: Incapacity;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  representative_name: string | null;
  representative_relation: RepresentativeRelation | null;
  consent_declared_at: Date | null;
  id_document_kind: IdDocumentKind | null;
  id_document_number: string | null;
  photo_upload_id: string | null;
  discount_kind: DiscountKind | null;
  discount_valid_until: string | null;
  proof_upload_id: string | null;
  submitted_at: Date | null;
  photo_returned_at: Date | null;
  updated_at: Date;
}

const PLAIN_COLUMNS = [
  'card_id',
  'reference',
  'holder_first_name',
  'holder_last_name',
  'incapacity',
  'street',
  'postal_code',
  'city',
  'representative_name',
  'representative_relation',
  'consent_declared_at',
  'id_document_kind',
  'id_document_number',
  'photo_upload_id',
  'discount_kind',
  'proof_upload_id',
  'submitted_at',
  'photo_returned_at',
  'updated_at',
];

/** Every column; a date as text, so it is read as the day it is, whatever the session's time zone. */
export function applicationColumns(trx: Knex.Transaction) {
  return [
    ...PLAIN_COLUMNS,
    trx.raw('holder_birth_date::text AS holder_birth_date'),
    trx.raw('discount_valid_until::text AS discount_valid_until'),
  ];
}

export function toApplication(row: ApplicationRow): CityCardApplication {
  return {
    cardId: row.card_id,
    reference: row.reference,
    holderFirstName: row.holder_first_name,
    holderLastName: row.holder_last_name,
    holderBirthDate: row.holder_birth_date,
    incapacity: row.incapacity,
    address:
      row.street && row.postal_code && row.city
        ? { street: row.street, postalCode: row.postal_code, city: row.city }
        : null,
    representative:
      row.representative_name && row.representative_relation && row.consent_declared_at
        ? { name: row.representative_name, relation: row.representative_relation, declaredAt: row.consent_declared_at }
        : null,
    idDocument:
      row.id_document_kind && row.id_document_number
        ? { kind: row.id_document_kind, number: row.id_document_number }
        : null,
    photoUploadId: row.photo_upload_id,
    discount:
      row.discount_kind && row.discount_valid_until
        ? { kind: row.discount_kind, validUntil: row.discount_valid_until, proofUploadId: row.proof_upload_id }
        : null,
    submittedAt: row.submitted_at,
    photoReturnedAt: row.photo_returned_at,
    updatedAt: row.updated_at,
  };
}

/** Letters and digits no one misreads (no 0/O, 1/I): 32 of them, so a byte's low 5 bits pick one evenly. */
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A fresh reference, XXXX-XXXX: 40 random bits, so one cannot be guessed from another. */
export function newReference(): string {
  const letters = [...randomBytes(8)].map((byte) => REFERENCE_ALPHABET[byte & 31]!);
  return `${letters.slice(0, 4).join('')}-${letters.slice(4).join('')}`;
}

/** What the holder's part of the form gives: who the card is for. */
export interface HolderDetails {
  firstName: string;
  lastName: string;
  birthDate: string;
  incapacity: Incapacity;
}

/**
 * The application of a new draft card, under a fresh reference; a second try takes another when
 * two drafts drew the same one (a savepoint keeps the transaction usable after the conflict).
 */
export async function insertApplication(
  trx: Knex.Transaction,
  input: { cardId: string; holder: HolderDetails; now: Date },
): Promise<string> {
  for (;;) {
    const reference = newReference();
    const inserted = await trx.transaction(async (savepoint) => {
      const { rows } = await savepoint.raw<{ rows: unknown[] }>(
        `INSERT INTO city_card_applications (card_id, reference, holder_first_name, holder_last_name,
           holder_birth_date, incapacity, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, reference) DO NOTHING RETURNING card_id`,
        [
          input.cardId,
          reference,
          input.holder.firstName,
          input.holder.lastName,
          input.holder.birthDate,
          input.holder.incapacity,
          input.now,
        ],
      );
      return rows.length === 1;
    });
    if (inserted) return reference;
  }
}

export async function applicationOfCard(
  trx: Knex.Transaction,
  cardId: string,
): Promise<CityCardApplication | undefined> {
  const row = await tenantRows(trx, 'city_card_applications').where({ card_id: cardId }).first(applicationColumns(trx));
  return row ? toApplication(row as ApplicationRow) : undefined;
}

/**
 * The application, its row locked until the transaction ends: a change of one of its parts and
 * its submission take it one after the other, so nothing is changed after the check that it was
 * complete, nor once it has been submitted.
 */
export async function lockApplication(trx: Knex.Transaction, cardId: string): Promise<CityCardApplication | undefined> {
  const row = await tenantRows(trx, 'city_card_applications')
    .where({ card_id: cardId })
    .forUpdate()
    .first(applicationColumns(trx));
  return row ? toApplication(row as ApplicationRow) : undefined;
}

/** The applications of these cards (those that have one), in no particular order. */
export async function applicationsOfCards(trx: Knex.Transaction, cardIds: string[]): Promise<CityCardApplication[]> {
  if (cardIds.length === 0) return [];
  const rows = await tenantRows(trx, 'city_card_applications')
    .whereIn('card_id', cardIds)
    .select(applicationColumns(trx));
  return (rows as ApplicationRow[]).map(toApplication);
}

/** The card of the application with this reference (the status check's first step). */
export async function cardIdByReference(trx: Knex.Transaction, reference: string): Promise<string | undefined> {
  const row = await tenantRows(trx, 'city_card_applications')
    .where({ reference })
    .first<{ card_id: string } | undefined>('card_id');
  return row?.card_id;
}

/** The columns a change of the application may set, by the form that sets them. */
export interface ApplicationChange {
  holder?: HolderDetails;
  address?: { street: string; postalCode: string; city: string } | null;
  representative?: { name: string; relation: RepresentativeRelation; declaredAt: Date } | null;
  idDocument?: { kind: IdDocumentKind; number: string } | null;
  photoUploadId?: string | null;
  discount?: { kind: DiscountKind; validUntil: string } | null;
  proofUploadId?: string | null;
  submittedAt?: Date;
  photoReturnedAt?: Date;
}

function changeColumns(change: ApplicationChange): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  if (change.holder) {
    Object.assign(columns, {
      holder_first_name: change.holder.firstName,
      holder_last_name: change.holder.lastName,
      holder_birth_date: change.holder.birthDate,
      incapacity: change.holder.incapacity,
    });
  }
  if (change.address !== undefined) {
    const address = change.address;
    Object.assign(columns, {
      street: address?.street ?? null,
      postal_code: address?.postalCode ?? null,
      city: address?.city ?? null,
    });
  }
  if (change.representative !== undefined) {
    const representative = change.representative;
    Object.assign(columns, {
      representative_name: representative?.name ?? null,
      representative_relation: representative?.relation ?? null,
      consent_declared_at: representative?.declaredAt ?? null,
    });
  }
  if (change.idDocument !== undefined) {
    Object.assign(columns, {
      id_document_kind: change.idDocument?.kind ?? null,
      id_document_number: change.idDocument?.number ?? null,
    });
  }
  if (change.photoUploadId !== undefined) columns.photo_upload_id = change.photoUploadId;
  if (change.discount !== undefined) {
    Object.assign(columns, {
      discount_kind: change.discount?.kind ?? null,
      discount_valid_until: change.discount?.validUntil ?? null,
    });
    // A discount withdrawn takes its proof with it.
    if (change.discount === null) columns.proof_upload_id = null;
  }
  if (change.proofUploadId !== undefined) columns.proof_upload_id = change.proofUploadId;
  if (change.submittedAt) columns.submitted_at = change.submittedAt;
  if (change.photoReturnedAt) columns.photo_returned_at = change.photoReturnedAt;
  return columns;
}

/** Applies the change; false when the application is not there. */
export async function changeApplication(
  trx: Knex.Transaction,
  cardId: string,
  change: ApplicationChange,
  now: Date,
): Promise<boolean> {
  const updated = await tenantRows(trx, 'city_card_applications')
    .where({ card_id: cardId })
    .update({ ...changeColumns(change), updated_at: now });
  return updated === 1;
}

/**
 * The cards ready for pickup whose application was last submitted before the instant, the oldest
 * first: the lapse job's candidates, each still to be judged by its pickup window.
 */
export async function readyCardsSubmittedBefore(trx: Knex.Transaction, before: Date): Promise<string[]> {
  return tenantRows(trx, 'cards as c')
    .join('city_card_applications as a', function joinApplication() {
      this.on('a.tenant_id', 'c.tenant_id').andOn('a.card_id', 'c.id');
    })
    .where('c.state', 'ready')
    .where('a.submitted_at', '<', before)
    .orderBy('a.submitted_at')
    .orderBy('c.id')
    .pluck('c.id');
}
