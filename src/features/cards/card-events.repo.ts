// card_events: the one module that reads and writes it. A card's history, appended in the
// transaction of each transition and never changed (the app role may only add and read). When
// a card reached its state, as the pages say it, is the card's state_since (the app's clock).
import type { Knex } from 'knex';
import { tenantRows } from '../../platform/tenancy/tenant-transaction.ts';
import type { CardEvent } from './cards.types.ts';

export async function insertCardEvent(
  trx: Knex.Transaction,
  /** Its id made by the caller: the mail about it is keyed by it. */
  event: Omit<CardEvent, 'occurredAt'> & { actorId: string | null },
): Promise<void> {
  await trx('card_events').insert({
    id: event.id,
    card_id: event.cardId,
    transition: event.transition,
    from_state: event.fromState,
    to_state: event.toState,
    actor_role: event.actorRole,
    actor_id: event.actorId,
    reasons: event.reasons,
    // The database's clock, which moves within a transaction: the events of one request keep their order.
    occurred_at: trx.raw('clock_timestamp()'),
  });
}

/** The card's history, oldest first. */
export async function eventsOfCard(trx: Knex.Transaction, cardId: string): Promise<CardEvent[]> {
  const rows = await tenantRows(trx, 'card_events')
    .where({ card_id: cardId })
    .orderBy('occurred_at')
    .orderBy('id')
    .select('id', 'card_id', 'transition', 'from_state', 'to_state', 'actor_role', 'reasons', 'occurred_at');
  return rows.map((row) => ({
    id: row.id,
    cardId: row.card_id,
    transition: row.transition,
    fromState: row.from_state,
    toState: row.to_state,
    actorRole: row.actor_role,
    reasons: row.reasons,
    occurredAt: row.occurred_at,
  }));
}
