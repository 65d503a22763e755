// Attempts on a locked account are recorded at most once a minute, and concurrent ones must not
// each find "none yet" and record one apiece: the account's row is held while a burst arrives,
// which makes the worst interleaving certain instead of a matter of the machine's speed.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { eventually } from '../support/polling.ts';
import { attempt, MINUTE, signInPortal } from './helpers.ts';

/** Concurrent attempts on a locked account, each holding an app connection while it waits. */
const BURST = 20;
const db = useTestDatabase({ appPoolMax: BURST + 2 });

describe('a burst of sign-ins on a locked account', () => {
  it('is recorded once within the minute, however its attempts interleave', async () => {
    const portal = await signInPortal(db.current, { lockout: { maxFailures: 3, windowMinutes: 15, lockMinutes: 15 } });
    const client = await createActiveClient(db.current.app, portal.tenant.id);
    for (let i = 0; i < 3; i += 1) await attempt(portal, client.email!, `wrong-${i}`);
    const lockedEvents = async () =>
      Number(
        (await withTenant(db.current.app, portal.tenant.id, (trx) =>
          trx('sign_in_events').where({ client_id: client.id, outcome: 'locked' }).count({ n: '*' }).first(),
        ))!.n,
      );
    // Every attempt of the burst waits on the account's row (held here) before it can record.
    const holder = new pg.Client({ connectionString: db.current.adminUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM clients WHERE id = $1 FOR UPDATE', [client.id]);
      const burst = Promise.all(Array.from({ length: BURST }, (_, i) => attempt(portal, client.email!, `burst-${i}`)));
      await eventually(async () => {
        // Statistics are read once per transaction unless cleared: this one is held open.
        await holder.query('SELECT pg_stat_clear_snapshot()');
        const { rows } = await holder.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = 'test app' AND wait_event_type = 'Lock'`,
        );
        expect(rows[0]!.n).toBe(BURST);
      });
      await holder.query('COMMIT');
      expect((await burst).map((response) => response.status)).toEqual(Array(BURST).fill(401));
    } finally {
      await holder.end();
    }
    expect(await lockedEvents()).toBe(1);
    // A minute later, the next burst is recorded once more.
    portal.clock.advance(MINUTE);
    await Promise.all(Array.from({ length: 5 }, (_, i) => attempt(portal, client.email!, `later-${i}`)));
    expect(await lockedEvents()).toBe(2);
  });
});
