// load_live_session() scopes itself to a tenant for one statement only: another tenant's
// session id finds nothing, and the pooled connection carries no tenant afterwards.
import { describe, expect, it } from 'vitest';
import { mintSignedInSession } from '../../src/http/sessions/mint-session.ts';
import { controllableClock } from '../../src/lib/clock.ts';
import { withTenant } from '../../src/db/tenant-transaction.ts';
import { createTestApp, TEST_SESSION_SECRET } from '../support/app.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';

const db = useTestDatabase({ appPoolMax: 1 });

describe('load_live_session', () => {
  it('finds a session only under its own tenant and leaves no tenant behind', async () => {
    const [a, b] = [await createTenant(db.current.owner), await createTenant(db.current.owner)];
    const { registry } = await createTestApp(db.current);
    const { sid } = await mintSignedInSession({
      db: db.current.app,
      tenant: registry.findBySlug(a.input.slug)!,
      user: { id: crypto.randomUUID(), name: 'Anna' },
      secret: TEST_SESSION_SECRET,
      clock: controllableClock(new Date()),
    });
    const load = async (tenantId: string) =>
      (await db.current.app.raw('SELECT load_live_session(?, ?, now()) AS sess', [tenantId, sid])).rows[0].sess;

    expect((await load(a.id)).auth.name).toBe('Anna');
    expect(await load(b.id)).toBeNull();
    // Same pooled connection (max 1): the setting ended with the statement's transaction.
    const { rows } = await db.current.app.raw("SELECT current_setting('app.tenant_id', true) AS tenant");
    expect(rows[0].tenant ?? '').toBe('');
    expect((await db.current.app('sessions').count({ n: '*' }))[0]!.n).toBe('0');
    // Inside a transaction of another tenant it refuses instead of re-scoping it.
    await expect(
      withTenant(db.current.app, b.id, (trx) => trx.raw('SELECT load_live_session(?, ?, now())', [a.id, sid])),
    ).rejects.toThrow(/belongs to another tenant/);
  });
});
