// Moving a tenant's shards to the other worker while newcomers register, get their mail, sign
// in and out, and a signed-in client keeps browsing: no session, mail or row is lost, and no
// page shows another tenant's data.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createDatabase } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { newAgent, signInAs } from '../support/sessions.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';
import { portal } from '../registration/helpers.ts';
import { newcomerJourney } from './newcomer.ts';
import { moveTenant, tenantShard } from './tenant-placement.ts';

const db = useTestDatabase();
const sink = useSmtpSink();
/** Journeys after the move has finished, so some run wholly on the new worker. */
const JOURNEYS_AFTER = 2;
/** A bound on the loop, however long the move takes. */
const MOST_JOURNEYS = 40;

describe('moving a tenant to another worker', () => {
  // Journeys go on for as long as the move takes, which a loaded machine can stretch to a minute.
  it(
    'loses no session, mail or row while the journey runs, and shows no other tenant',
    { timeout: 300_000 },
    async () => {
      const moving = await portal(db.current);
      const other = await portal(db.current);
      const regular = await createActiveClient(db.current.app, moving.tenant.id, { first_name: 'Stanisława' });
      const browser = newAgent(moving.app);
      await signInAs(browser, moving.slug, regular);
      const othersClient = await createActiveClient(db.current.app, other.tenant.id, { first_name: 'Mallory' });

      const from = await tenantShard(db.current.owner, moving.tenant.id);
      const { rows: workers } = await db.current.owner.raw<{ rows: { host: string; port: number }[] }>(
        "SELECT nodename AS host, nodeport AS port FROM pg_dist_node WHERE groupid <> 0 AND noderole = 'primary'",
      );
      const to = workers.find((w) => w.port !== from.port)!;

      const admin = createDatabase({ url: db.current.adminUrl, poolMax: 1, applicationName: 'test shard move' });
      let moved = false;
      const move = moveTenant(admin, from, to).finally(() => {
        moved = true;
      });
      const emails: string[] = [];
      let after = 0;
      try {
        while (after < JOURNEYS_AFTER && emails.length < MOST_JOURNEYS) {
          const finishedBefore = moved;
          emails.push(await newcomerJourney(db.current, moving, sink.current));
          const account = await browser.get(`/${moving.slug}/account?lang=en`).expect(200);
          expect(account.text).toContain('Stanisława');
          expect(account.text).not.toContain('Mallory');
          if (finishedBefore) after += 1;
        }
        await move;
      } finally {
        await admin.destroy();
      }
      expect(after).toBe(JOURNEYS_AFTER);
      expect(await tenantShard(db.current.owner, moving.tenant.id)).toMatchObject({ port: to.port });

      // Every newcomer's account, and exactly one activation mail each, sent.
      const rows = await withTenant(db.current.app, moving.tenant.id, async (trx) => ({
        clients: await trx('clients').whereIn('email', emails).select('status'),
        mails: await trx('mail_outbox').whereIn('recipient', emails).select('status', 'template'),
        tenants: await trx('clients').distinct('tenant_id').pluck('tenant_id'),
      }));
      expect(rows.clients).toHaveLength(emails.length);
      expect(rows.clients.every((c) => c.status === 'active')).toBe(true);
      expect(rows.mails).toHaveLength(emails.length);
      expect(rows.mails.every((m) => m.status === 'sent' && m.template === 'activation')).toBe(true);
      expect(rows.tenants).toEqual([moving.tenant.id]);
      expect(sink.current.messages.filter((m) => emails.some((e) => m.envelopeTo.includes(e)))).toHaveLength(
        emails.length,
      );
      // The other tenant still has exactly its own.
      const others = await withTenant(db.current.app, other.tenant.id, (trx) => trx('clients').pluck('id'));
      expect(others).toEqual([othersClient.id]);
      // The session signed in before the move still works after it.
      await browser.get(`/${moving.slug}/account`).expect(200);
    },
  );
});
