// payment_intents and payment_notifications: the payments context's tables, written here and by
// apply_payment_notification (migrations/functions/), which applies a provider's notification
// in one call. Every read and change names the transaction's tenant (tenantRows), so on Citus
// each goes to one shard.
import type { Knex } from 'knex';
import { tenantRows } from '../../platform/tenancy/tenant-transaction.ts';
import type { Currency } from '../money/index.ts';

export const INTENT_STATES = ['created', 'pending', 'paid', 'failed', 'expired'] as const;
export type IntentState = (typeof INTENT_STATES)[number];

export interface PaymentIntent {
  id: string;
  clientId: string;
  accountId: string;
  amount: number;
  currency: Currency;
  title: string;
  chargeIds: string[];
  provider: string;
  providerSessionId: string;
  providerOrderId: string | null;
  redirectUrl: string | null;
  state: IntentState;
  creditedEntryId: string | null;
  createdAt: Date;
  updatedAt: Date;
  paidAt: Date | null;
}

export function intentOf(row: Record<string, unknown>): PaymentIntent {
  return {
    id: row.id as string,
    clientId: row.client_id as string,
    accountId: row.account_id as string,
    amount: Number(row.amount),
    currency: row.currency as Currency,
    title: row.title as string,
    chargeIds: (row.charge_ids as string[] | null) ?? [],
    provider: row.provider as string,
    providerSessionId: row.provider_session_id as string,
    providerOrderId: (row.provider_order_id as string | null) ?? null,
    redirectUrl: (row.redirect_url as string | null) ?? null,
    state: row.state as IntentState,
    creditedEntryId: (row.credited_entry_id as string | null) ?? null,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
    paidAt: (row.paid_at as Date | null) ?? null,
  };
}

export interface NewIntent {
  clientId: string;
  accountId: string;
  amount: number;
  currency: Currency;
  title: string;
  chargeIds: string[];
  idempotencyKey: string;
  provider: string;
  providerSessionId: string;
  now: Date;
}

/** Inserts the intent unless one with its idempotency key exists; true when this one was made. */
export async function insertIntent(trx: Knex.Transaction, intent: NewIntent): Promise<boolean> {
  const rows = await trx('payment_intents')
    .insert({
      client_id: intent.clientId,
      account_id: intent.accountId,
      amount: intent.amount,
      currency: intent.currency,
      title: intent.title,
      charge_ids: intent.chargeIds,
      idempotency_key: intent.idempotencyKey,
      provider: intent.provider,
      provider_session_id: intent.providerSessionId,
      created_at: intent.now,
      updated_at: intent.now,
    })
    .onConflict(['tenant_id', 'idempotency_key'])
    .ignore()
    .returning('id');
  return rows.length === 1;
}

export async function intentByKey(trx: Knex.Transaction, key: string): Promise<PaymentIntent | undefined> {
  const row = await tenantRows(trx, 'payment_intents').where({ idempotency_key: key }).first();
  return row && intentOf(row);
}

export async function intentOfClient(
  trx: Knex.Transaction,
  clientId: string,
  id: string,
): Promise<PaymentIntent | undefined> {
  const row = await tenantRows(trx, 'payment_intents').where({ client_id: clientId, id }).first();
  return row && intentOf(row);
}

/** A client's intents, newest first (a client makes a few a month: one page holds them). */
export async function intentsOfClient(trx: Knex.Transaction, clientId: string, limit = 100): Promise<PaymentIntent[]> {
  const rows = await tenantRows(trx, 'payment_intents')
    .where({ client_id: clientId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit);
  return rows.map(intentOf);
}

/** Changes the intent only while it is still in `state` (a second click may have changed it first). */
export async function updateIntentIf(
  trx: Knex.Transaction,
  id: string,
  state: IntentState,
  change: Partial<{
    state: IntentState;
    redirect_url: string;
    provider_order_id: string | null;
  }> & { updated_at: Date },
): Promise<void> {
  await tenantRows(trx, 'payment_intents').where({ id, state }).update(change);
}

export const NOTIFICATION_OUTCOMES = [
  'credited',
  'duplicate',
  'failed',
  'pending',
  'mismatch',
  'badSignature',
  'malformed',
  'unknownSession',
  'notVerified',
] as const;
export type NotificationOutcome = (typeof NOTIFICATION_OUTCOMES)[number];

export interface ReceivedNotification {
  provider: string;
  bodySha256: string;
  verified: boolean;
  sessionId?: string;
  intentId?: string;
  reported?: { status: string; amount: number; currency: string };
  outcome: NotificationOutcome;
  receivedAt: Date;
}

export async function recordNotification(trx: Knex.Transaction, notification: ReceivedNotification): Promise<void> {
  await trx('payment_notifications').insert({
    provider: notification.provider,
    body_sha256: notification.bodySha256,
    verified: notification.verified,
    provider_session_id: notification.sessionId?.slice(0, 100) ?? null,
    intent_id: notification.intentId ?? null,
    reported_status: notification.reported?.status ?? null,
    reported_amount: notification.reported?.amount ?? null,
    reported_currency: notification.reported?.currency.slice(0, 3) ?? null,
    outcome: notification.outcome,
    received_at: notification.receivedAt,
  });
}
