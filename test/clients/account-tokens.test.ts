// Single-use account links: valid once, for their purpose, until they expire; a newer link
// voids the older; and the database holds no token in clear.
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { consumeToken, inspectToken, issueToken } from '../../src/features/accounts/clients/account-tokens.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { createClient } from '../support/clients.ts';

const db = useTestDatabase();
const HOUR = 3_600_000;
const now = new Date('2026-11-22T10:00:00Z');
const delivered = async () => true;

async function setUp() {
  const tenant = await createTenant(db.current.owner);
  const client = await createClient(db.current.app, tenant.id);
  const inTenant = <T>(work: (trx: Knex.Transaction) => Promise<T>) => withTenant(db.current.app, tenant.id, work);
  return { tenant, client, inTenant };
}

describe('account tokens', () => {
  it('works once, for its purpose, and is stored only as a hash', async () => {
    const { client, inTenant } = await setUp();
    const token = await inTenant((trx) =>
      issueToken(trx, { clientId: client.id, purpose: 'activation', lifetimeMs: 72 * HOUR, now }, delivered),
    );
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await inTenant((trx) => trx('account_tokens').select('*'));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(Buffer.concat(stored.map((row) => row.token_hash as Buffer)).toString('latin1')).not.toContain(token);

    expect(await inTenant((trx) => consumeToken(trx, { token: token!, purpose: 'password_reset', now }))).toEqual({
      problem: 'unknown',
    });
    expect(await inTenant((trx) => consumeToken(trx, { token: token!, purpose: 'activation', now }))).toEqual({
      clientId: client.id,
    });
    expect(await inTenant((trx) => consumeToken(trx, { token: token!, purpose: 'activation', now }))).toEqual({
      problem: 'used',
    });
  });

  it('expires after its lifetime', async () => {
    const { client, inTenant } = await setUp();
    const token = await inTenant((trx) =>
      issueToken(trx, { clientId: client.id, purpose: 'activation', lifetimeMs: HOUR, now }, delivered),
    );
    const later = new Date(now.getTime() + HOUR);
    expect(await inTenant((trx) => inspectToken(trx, { token: token!, purpose: 'activation', now: later }))).toEqual({
      problem: 'expired',
    });
    const justBefore = new Date(now.getTime() + HOUR - 1);
    expect(
      await inTenant((trx) => inspectToken(trx, { token: token!, purpose: 'activation', now: justBefore })),
    ).toEqual({
      clientId: client.id,
    });
  });

  it('voids the older link when a new one is issued', async () => {
    const { client, inTenant } = await setUp();
    const issue = () =>
      inTenant((trx) =>
        issueToken(trx, { clientId: client.id, purpose: 'activation', lifetimeMs: HOUR, now }, delivered),
      );
    const [older, newer] = [await issue(), await issue()];
    expect(await inTenant((trx) => consumeToken(trx, { token: older!, purpose: 'activation', now }))).toEqual({
      problem: 'used',
    });
    expect(await inTenant((trx) => consumeToken(trx, { token: newer!, purpose: 'activation', now }))).toEqual({
      clientId: client.id,
    });
  });

  it('keeps the older link working when the new one could not be delivered', async () => {
    const { client, inTenant } = await setUp();
    const older = await inTenant((trx) =>
      issueToken(trx, { clientId: client.id, purpose: 'activation', lifetimeMs: HOUR, now }, delivered),
    );
    const held = await inTenant((trx) =>
      issueToken(trx, { clientId: client.id, purpose: 'activation', lifetimeMs: HOUR, now }, async () => false),
    );
    expect(held).toBeUndefined();
    expect(await inTenant((trx) => trx('account_tokens').count({ n: '*' }).first())).toEqual({ n: '1' });
    expect(await inTenant((trx) => consumeToken(trx, { token: older!, purpose: 'activation', now }))).toEqual({
      clientId: client.id,
    });
  });

  it('carries the new address of an e-mail change link, and only there', async () => {
    const { client, inTenant } = await setUp();
    const newEmail = 'nowy.adres@example.org';
    const token = await inTenant((trx) =>
      issueToken(trx, { clientId: client.id, purpose: 'email_change', newEmail, lifetimeMs: HOUR, now }, delivered),
    );
    expect(await inTenant((trx) => inspectToken(trx, { token: token!, purpose: 'email_change', now }))).toStrictEqual({
      clientId: client.id,
      newEmail,
    });
    expect(await inTenant((trx) => consumeToken(trx, { token: token!, purpose: 'email_change', now }))).toStrictEqual({
      clientId: client.id,
      newEmail,
    });
    const activation = await inTenant((trx) =>
      issueToken(trx, { clientId: client.id, purpose: 'activation', lifetimeMs: HOUR, now }, delivered),
    );
    expect(
      await inTenant((trx) => consumeToken(trx, { token: activation!, purpose: 'activation', now })),
    ).toStrictEqual({
      clientId: client.id,
    });
    // The database refuses an e-mail change link without its address.
    await expect(
      inTenant((trx) =>
        issueToken(trx, { clientId: client.id, purpose: 'email_change', lifetimeMs: HOUR, now } as never, delivered),
      ),
    ).rejects.toThrow(/account_tokens_new_email/);
  });

  it('does not open at another tenant, and refuses malformed tokens without a lookup', async () => {
    const { client, inTenant } = await setUp();
    const token = await inTenant((trx) =>
      issueToken(trx, { clientId: client.id, purpose: 'activation', lifetimeMs: HOUR, now }, delivered),
    );
    const other = await createTenant(db.current.owner);
    expect(
      await withTenant(db.current.app, other.id, (trx) =>
        consumeToken(trx, { token: token!, purpose: 'activation', now }),
      ),
    ).toEqual({ problem: 'unknown' });
    for (const bad of ['', 'x', `${token}x`, token!.replace(/./, '%'), "' OR 1=1 --"]) {
      expect(await inTenant((trx) => consumeToken(trx, { token: bad, purpose: 'activation', now }))).toEqual({
        problem: 'unknown',
      });
    }
  });
});
