// load_live_session() and the session store's save scope themselves to a tenant for one
// transaction only: another tenant's session id finds and changes nothing, and the pooled
// connection carries no tenant afterwards.
import { describe, expect, it } from 'vitest';
import { mintSignedInSession } from '../../src/platform/sessions/mint-session.ts';
import { controllableClock } from '../../src/lib/clock.ts';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { TenantSessionStore } from '../../src/platform/sessions/session-store.ts';
import { createTestApp, TEST_SESSION_SECRET } from '../support/app.ts';
import { tenantLeftOnConnection, useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';

const db = useTestDatabase({ appPoolMax: 1 });

/** Two tenants, and a session of Anna's at the first. */
async function annasSessionAtA() {
  const [a, b] = [await createTenant(db.current.owner), await createTenant(db.current.owner)];
  const { registry } = await createTestApp(db.current);
  const { sid } = await mintSignedInSession({
    db: db.current.app,
    tenant: registry.findBySlug(a.input.slug)!,
    user: { id: crypto.randomUUID(), name: 'Anna' },
    secret: TEST_SESSION_SECRET,
    clock: controllableClock(new Date()),
  });
  return { a, b, sid };
}

describe('loading and saving a live session', () => {
  it('finds a session only under its own tenant and leaves no tenant behind', async () => {
    const { a, b, sid } = await annasSessionAtA();
    const load = async (tenantId: string) =>
      (await db.current.app.raw('SELECT load_live_session(?, ?, now()) AS sess', [tenantId, sid])).rows[0].sess;

    expect((await load(a.id)).auth.name).toBe('Anna');
    expect(await load(b.id)).toBeNull();
    // Same pooled connection (max 1): the setting ended with the statement's transaction.
    expect(await tenantLeftOnConnection(db.current.app)).toBe('');
    expect((await db.current.app('sessions').count({ n: '*' }))[0]!.n).toBe('0');
    // Inside a transaction of another tenant it refuses instead of re-scoping it.
    await expect(
      withTenant(db.current.app, b.id, (trx) => trx.raw('SELECT load_live_session(?, ?, now())', [a.id, sid])),
    ).rejects.toThrow(/belongs to another tenant/);
  });

  it('saves a session only under its own tenant, never brings back a deleted one, and leaves no tenant behind', async () => {
    const { a, b, sid } = await annasSessionAtA();
    const clock = controllableClock(new Date());
    // A session already saved once (createdAt before seenAt), as the store saves a live one.
    const save = (tenantId: TenantId, name: string) =>
      new Promise<void>((resolve, reject) =>
        new TenantSessionStore(db.current.app, tenantId, clock).set(
          sid,
          { cookie: { expires: new Date(Date.now() + 3_600_000) }, createdAt: 1, seenAt: 2, auth: { name } } as never,
          (error) => (error ? reject(error as Error) : resolve()),
        ),
      );
    const nameNow = async () =>
      withTenant(
        db.current.app,
        a.id,
        async (trx) => (await trx('sessions').where({ sid }).first('sess'))?.sess.auth.name,
      );

    await save(b.id, 'Mallory');
    expect(await nameNow()).toBe('Anna');
    await save(a.id, 'Anna Maria');
    expect(await nameNow()).toBe('Anna Maria');
    expect(await tenantLeftOnConnection(db.current.app)).toBe('');
    await withTenant(db.current.app, a.id, (trx) => trx('sessions').where({ sid }).delete());
    await save(a.id, 'Anna');
    expect(await nameNow()).toBeUndefined();
    expect((await db.current.owner('sessions').count({ n: '*' }))[0]!.n).toBe('0');
  });
});
