// The test provider's notifications, delivered by the worker as a real provider delivers its
// own: POSTed to the merchant's notification URL, signed, and tried again with backoff until the
// portal answers 2xx (a portal that is down for a while loses nothing), given up after a day.
// Claimed as the mail outbox is claimed: tenant by tenant (on Citus a lock must name one shard),
// FOR UPDATE SKIP LOCKED, then a lease, so any number of workers may run it.
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import type { FeatureJob, FeatureJobDeps } from '../../../platform/feature.ts';
import { retryDelayMs, RETRY_FOR_MS } from '../../../platform/mail/retry-policy.ts';
import { testProviderSignature } from '../signatures.ts';
import { TEST_PROVIDER_SIGNATURE_HEADER, testProviderAllowed, testProviderKey } from './test-provider.ts';

const BATCH = 20;
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
const DUE = `status = 'queued' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)`;

interface Claimed {
  tenant_id: string;
  id: string;
  notify_url: string;
  body: string;
  attempts: number;
  created_at: Date;
}

/** One pass: every notification due now, delivered or put off. How many were tried. */
export async function deliverTestNotifications(
  deps: Pick<FeatureJobDeps, 'db' | 'clock' | 'logger' | 'config'>,
): Promise<number> {
  if (!testProviderAllowed(deps.config)) return 0;
  const key = testProviderKey(deps.config.dataKey);
  let tried = 0;
  for (;;) {
    const rows = await claim(deps.db, deps.clock);
    if (rows.length === 0) return tried;
    for (const row of rows) await deliver(deps, key, row);
    tried += rows.length;
  }
}

async function claim(db: Knex, clock: Clock): Promise<Claimed[]> {
  const now = clock.now();
  const { rows: tenants } = await db.raw<{ rows: { tenant_id: string }[] }>(
    `SELECT DISTINCT tenant_id FROM test_provider_notifications WHERE ${DUE} LIMIT ?`,
    [now, now, BATCH],
  );
  const claimed: Claimed[] = [];
  for (const { tenant_id: tenantId } of tenants) {
    const { rows } = await db.raw<{ rows: Claimed[] }>(
      `UPDATE test_provider_notifications
          SET locked_until = ?, attempts = attempts + 1
        WHERE tenant_id = ? AND id = ANY (ARRAY(
                SELECT id FROM test_provider_notifications
                 WHERE tenant_id = ? AND ${DUE}
                 ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED))
    RETURNING tenant_id, id, notify_url, body, attempts, created_at`,
      [new Date(now.getTime() + LEASE_MS), tenantId, tenantId, now, now, BATCH],
    );
    claimed.push(...rows);
  }
  return claimed;
}

async function deliver(
  deps: Pick<FeatureJobDeps, 'db' | 'clock' | 'logger'>,
  key: Buffer,
  row: Claimed,
): Promise<void> {
  const error = await post(row, key);
  const now = deps.clock.now();
  const where = { tenant_id: row.tenant_id, id: row.id };
  if (!error) {
    await deps
      .db('test_provider_notifications')
      .where(where)
      .update({ status: 'delivered', delivered_at: now, locked_until: null, last_error: null });
    return;
  }
  const givenUp = now.getTime() - row.created_at.getTime() >= RETRY_FOR_MS;
  await deps
    .db('test_provider_notifications')
    .where(where)
    .update({
      status: givenUp ? 'dead' : 'queued',
      next_attempt_at: new Date(now.getTime() + retryDelayMs(row.attempts)),
      locked_until: null,
      last_error: error.slice(0, 500),
    });
  deps.logger.warn({ notification: row.id, attempts: row.attempts, error }, 'test provider notification not delivered');
}

/** The portal's answer: undefined when it took the notification, else why not. */
async function post(row: Claimed, key: Buffer): Promise<string | undefined> {
  try {
    const response = await fetch(row.notify_url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [TEST_PROVIDER_SIGNATURE_HEADER]: `sha256=${testProviderSignature(row.body, key)}`,
      },
      body: row.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.ok ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export const TEST_PROVIDER_DELIVERY: FeatureJob = {
  name: 'test-provider-delivery',
  everyMs: 2_000,
  run: deliverTestNotifications,
};
