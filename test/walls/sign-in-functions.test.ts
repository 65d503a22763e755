// The sign-in's functions (migration 20261202000300) scope themselves to one tenant for their
// own statement: called for another tenant they find, count and change nothing of this one's,
// inside another tenant's transaction they refuse, and the pooled connection carries no tenant
// afterwards. Only the app role may call them.
import { describe, expect, it } from 'vitest';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createActiveClient } from '../support/clients.ts';
import { tenantLeftOnConnection, useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';

const db = useTestDatabase({ appPoolMax: 1 });

/** Anna, an active client of tenant A; and tenant B. */
async function annaAtA() {
  const [a, b] = [await createTenant(db.current.owner), await createTenant(db.current.owner)];
  const anna = await createActiveClient(db.current.app, a.id);
  return { a: a.id, b: b.id, anna };
}

const countAttempt = (tenantId: string, email: string) =>
  db.current.app.raw('SELECT * FROM count_sign_in_attempt(?, ?, true, now(), 15, 10)', [tenantId, email]);

const completeSignIn = (tenantId: string, clientId: string, hash: string) =>
  db.current.app.raw("SELECT * FROM complete_sign_in(?, ?, ?, now(), '198.51.100.7', 'Firefox', NULL)", [
    tenantId,
    clientId,
    hash,
  ]);

async function annasRow(a: TenantId, id: string) {
  return withTenant(db.current.app, a, async (trx) => ({
    client: await trx('clients').where({ id }).first('failed_sign_ins', 'password_hash', 'status'),
    events: (await trx('sign_in_events').where({ client_id: id }).select('outcome')).map((e) => e.outcome as string),
  }));
}

describe('the sign-in functions', () => {
  it('count an attempt only on an account of the tenant they are called for', async () => {
    const { a, b, anna } = await annaAtA();
    expect((await countAttempt(b, anna.email!)).rows).toEqual([]);
    expect((await annasRow(a, anna.id)).client.failed_sign_ins).toBe(0);
    expect(await tenantLeftOnConnection(db.current.app)).toBe('');

    const { rows } = await countAttempt(a, anna.email!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ target_id: anna.id, client_id: anna.id, status: 'active' });
    expect((await annasRow(a, anna.id)).client.failed_sign_ins).toBe(1);
    expect(await tenantLeftOnConnection(db.current.app)).toBe('');
  });

  it('complete a sign-in only on an account of the tenant they are called for', async () => {
    const { a, b, anna } = await annaAtA();
    const { client } = await annasRow(a, anna.id);
    await countAttempt(a, anna.email!);

    // Tenant B cannot see Anna: nothing cleared, nothing recorded.
    expect((await completeSignIn(b, anna.id, client.password_hash)).rows).toEqual([
      { outcome: 'wrong_password', must_change_password: false },
    ]);
    expect(await annasRow(a, anna.id)).toMatchObject({ client: { failed_sign_ins: 1 }, events: [] });

    expect((await completeSignIn(a, anna.id, client.password_hash)).rows).toEqual([
      { outcome: 'success', must_change_password: false },
    ]);
    expect(await annasRow(a, anna.id)).toMatchObject({ client: { failed_sign_ins: 0 }, events: ['success'] });
    expect(await tenantLeftOnConnection(db.current.app)).toBe('');
  });

  it('save a new session only under the tenant they are called for, never over another tenant’s', async () => {
    // A session id is unique per tenant: the same id saved at another tenant is another row.
    const { a, b } = await annaAtA();
    const sid = 'wall-test-session-id';
    const save = (tenantId: string, name: string) =>
      db.current.app.raw(
        "SELECT save_new_session(?, ?, jsonb_build_object('auth', jsonb_build_object('name', ?::text)), now() + interval '1 hour')",
        [tenantId, sid, name],
      );
    const nameAt = (tenantId: TenantId) =>
      withTenant(db.current.app, tenantId, async (trx) => (await trx('sessions').where({ sid }).first('sess'))?.sess);

    await save(a, 'Anna');
    expect(await tenantLeftOnConnection(db.current.app)).toBe('');
    await save(b, 'Mallory');
    expect((await nameAt(a)).auth.name).toBe('Anna');
    expect((await nameAt(b)).auth.name).toBe('Mallory');
  });

  it('refuse to run inside a transaction of another tenant', async () => {
    const { a, b, anna } = await annaAtA();
    for (const call of [
      `SELECT * FROM count_sign_in_attempt('${a}', 'x@example.test', true, now(), 15, 10)`,
      `SELECT * FROM complete_sign_in('${a}', '${anna.id}', 'hash', now(), 'ip', 'agent', NULL)`,
      `SELECT save_new_session('${a}', 'sid', '{}'::jsonb, now())`,
    ]) {
      await expect(withTenant(db.current.app, b, (trx) => trx.raw(call))).rejects.toThrow(/belongs to another tenant/);
    }
    expect(await annasRow(a, anna.id)).toMatchObject({ client: { failed_sign_ins: 0 }, events: [] });
  });

  it('may be called by the app role only', async () => {
    const { a, anna } = await annaAtA();
    await expect(
      db.current.worker.raw('SELECT * FROM count_sign_in_attempt(?, ?, true, now(), 15, 10)', [a, anna.email]),
    ).rejects.toThrow(/permission denied for function/);
    await expect(db.current.worker.raw("SELECT save_new_session(?, 'sid', '{}'::jsonb, now())", [a])).rejects.toThrow(
      /permission denied for function/,
    );
  });
});
