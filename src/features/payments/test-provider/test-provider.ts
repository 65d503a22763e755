// The built-in test provider (issue #20) as a PaymentProvider: the whole round trip on one
// machine. Registering writes the provider's own record (test_provider_transactions) and sends
// the payer to its page (/_test-provider/…); the payer's choice there queues a notification
// that the worker delivers, HMAC-SHA-256-signed, with retries (delivery.job.ts). Its "verify
// call" reads the provider's record directly (test_provider_transaction, one prepared call): the
// provider is this process, and a request to itself would prove nothing more. It is refused in production (testProviderAllowed).
import { hkdfSync } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Clock } from '../../../lib/clock.ts';
import { asTenantId, tenantRows, withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { FeatureConfig } from '../../../platform/feature.ts';
import { runPrepared, type PreparedStatement } from '../../../platform/db/prepared-statement.ts';
import type {
  ParsedNotification,
  PaymentProvider,
  ProviderNotification,
  RawNotification,
  RegisteredTransaction,
  TransactionToRegister,
} from '../payment-provider.ts';
import { sameSignature, testProviderSignature } from '../signatures.ts';

export const TEST_PROVIDER = 'test';
export const TEST_PROVIDER_SIGNATURE_HEADER = 'x-test-provider-signature';
export const TEST_PROVIDER_PATH = '/_test-provider';

/** Never in production: a provider whose payer decides whether they paid. */
export function testProviderAllowed(config: Pick<FeatureConfig, 'env'>): boolean {
  return config.env !== 'production';
}

/** The key its notifications are signed with, derived from DATA_KEY (both web and worker have it). */
export function testProviderKey(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'okienko test provider notifications', 32));
}

/**
 * Printable ASCII: what a session or order id and a currency code are. Nothing else is read from
 * a body, whoever posted it (a NUL, which PostgreSQL refuses in text, would make recording the
 * notification fail).
 */
const token = (max: number) => z.string().regex(new RegExp(`^[\\x21-\\x7e]{1,${max}}$`));

/** What its notifications carry; the merchant is the tenant the transaction was registered for. */
export const testNotificationBody = z.object({
  merchant: z.string().uuid(),
  sessionId: token(100),
  orderId: token(100),
  amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  currency: token(3),
  status: z.enum(['paid', 'failed']),
});

export interface TestProviderDeps {
  db: Knex;
  clock: Clock;
  publicUrl: string;
  key: Buffer;
}

export function testProvider(deps: TestProviderDeps): PaymentProvider {
  return {
    name: TEST_PROVIDER,
    register: (transaction) => register(deps, transaction),
    parseNotification: (raw) => parse(deps.key, raw),
    verify: (merchant, notification) => confirm(deps, merchant, notification),
    answer: () => ({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'OK' }),
  };
}

async function register(deps: TestProviderDeps, transaction: TransactionToRegister): Promise<RegisteredTransaction> {
  // A session id registered before (a second click, a retry) is the same transaction: the
  // insert does nothing, waiting for a concurrent one to commit, and that one is read back.
  const row = await withTenant(deps.db, asTenantId(transaction.merchant), async (trx) => {
    const [inserted] = await trx('test_provider_transactions')
      .insert({
        session_id: transaction.sessionId,
        amount: transaction.amount,
        currency: transaction.currency,
        description: transaction.description,
        email: transaction.email,
        return_url: transaction.returnUrl,
        notify_url: transaction.notifyUrl,
        created_at: deps.clock.now(),
      })
      .onConflict(['tenant_id', 'session_id'])
      .ignore()
      .returning('order_id');
    return ((inserted as { order_id: string } | undefined) ??
      (await tenantRows(trx, 'test_provider_transactions')
        .where({ session_id: transaction.sessionId })
        .first('order_id'))) as { order_id: string };
  });
  const base = deps.publicUrl.replace(/\/+$/, '');
  return {
    redirectUrl: `${base}${TEST_PROVIDER_PATH}/${transaction.merchant}/${encodeURIComponent(transaction.sessionId)}`,
    providerOrderId: row.order_id,
  };
}

function parse(key: Buffer, raw: RawNotification): ParsedNotification {
  let json: unknown;
  try {
    json = JSON.parse(raw.body.toString('utf8'));
  } catch {
    return { kind: 'malformed' };
  }
  const body = testNotificationBody.safeParse(json);
  if (!body.success) return { kind: 'malformed' };
  const header = raw.headers[TEST_PROVIDER_SIGNATURE_HEADER];
  const given = typeof header === 'string' ? header.replace(/^sha256=/, '') : '';
  if (!sameSignature(testProviderSignature(raw.body, key), given)) {
    return { kind: 'badSignature', sessionId: body.data.sessionId };
  }
  const { merchant, sessionId, orderId, amount, currency, status } = body.data;
  return { kind: 'signed', notification: { merchant, sessionId, providerOrderId: orderId, amount, currency, status } };
}

const PROVIDER_TRANSACTION: PreparedStatement = {
  name: 'test_provider_transaction',
  text: 'SELECT * FROM test_provider_transaction($1, $2)',
};

/** The provider's own record agrees: the same transaction, amount, currency and outcome. */
async function confirm(deps: TestProviderDeps, merchant: string, notification: ProviderNotification): Promise<boolean> {
  const [row] = await runPrepared<{ order_id: string; amount: string; currency: string; status: string }>(
    deps.db,
    PROVIDER_TRANSACTION,
    [asTenantId(merchant), notification.sessionId],
  );
  return (
    row !== undefined &&
    row.order_id === notification.providerOrderId &&
    Number(row.amount) === notification.amount &&
    row.currency === notification.currency &&
    row.status === notification.status
  );
}
