// The review queue's one query (issue #23): city card applications with their cards' state and
// type, in one state, those waiting longest first, a page at a time by keyset on (state_since,
// id), which cards_by_state serves (migration 20261217000300). It only reads: the cards change
// through cards.repo.ts and the applications through city-card-applications.repo.ts. Takes a
// withTenant() transaction; another tenant's applications are not there.
import type { Knex } from 'knex';
import type { KeysetCursor } from '../../../../platform/http/keyset-cursor.ts';
import { tenantRows } from '../../../../platform/tenancy/tenant-transaction.ts';
import type { CityCardApplication } from '../city-card.types.ts';
import { applicationColumns, toApplication } from '../city-card-applications.repo.ts';
import type { CardState } from '../../workflow.ts';

export interface WaitingApplication {
  application: CityCardApplication;
  cardTypeId: string;
  state: CardState;
  stateSince: Date;
}

export interface WaitingQuery {
  state: CardState;
  /** The city card types to list (the tenant's offered ones, or the one chosen). */
  cardTypeIds: readonly string[];
  /** Birth dates after this day (exclusive) and up to that one (inclusive). */
  birthDates?: { after?: string; upTo: string };
  discount?: 'claimed' | 'none';
  after?: KeysetCursor;
  limit: number;
}

export async function applicationsWaiting(trx: Knex.Transaction, query: WaitingQuery): Promise<WaitingApplication[]> {
  const rows = tenantRows(trx, 'cards as c')
    .join('city_card_applications as a', function joinApplication() {
      this.on('a.tenant_id', '=', 'c.tenant_id').andOn('a.card_id', '=', 'c.id');
    })
    .where('c.state', query.state)
    .whereIn('c.card_type_id', query.cardTypeIds);
  if (query.birthDates) {
    rows.where('a.holder_birth_date', '<=', query.birthDates.upTo);
    if (query.birthDates.after) rows.where('a.holder_birth_date', '>', query.birthDates.after);
  }
  if (query.discount === 'claimed') rows.whereNotNull('a.discount_kind');
  if (query.discount === 'none') rows.whereNull('a.discount_kind');
  if (query.after) rows.whereRaw('(c.state_since, c.id) > (?, ?)', [query.after.at, query.after.id]);
  const found = await rows
    .orderBy([
      { column: 'c.state_since', order: 'asc' },
      { column: 'c.id', order: 'asc' },
    ])
    .limit(query.limit)
    .select([...applicationColumns(trx), 'c.card_type_id', 'c.state', 'c.state_since']);
  return found.map((row: Record<string, unknown>) => ({
    application: toApplication(row as unknown as Parameters<typeof toApplication>[0]),
    cardTypeId: row.card_type_id as string,
    state: row.state as CardState,
    stateSince: row.state_since as Date,
  }));
}
