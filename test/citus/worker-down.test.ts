// A worker stopped under the portal: the requests that need it get the portal's 503 page (never
// a 500), a tenant on the other worker is served as usual, a write that could not finish left
// nothing behind, and once the worker is back the same process serves the tenant again.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { eventually } from '../support/polling.ts';
import { newAgent, signInAs } from '../support/sessions.ts';
import { headingOne } from '../http/html.ts';
import { portal, register, registrationFields, type Portal } from '../registration/helpers.ts';
import { attachCitusCluster, citusClusterFromEnvironment } from './cluster.ts';
import { tenantShard } from './tenant-placement.ts';

const db = useTestDatabase();
/** What the issue allows between the worker's return and the tenant being served again. */
const RECOVERY_MS = 30_000;

/** Two tenants whose shards sit on different workers (tenants are hashed; a few tries suffice). */
async function tenantsOnBothWorkers(): Promise<[Portal, Portal]> {
  const first = await portal(db.current);
  const firstPort = (await tenantShard(db.current.owner, first.tenant.id)).port;
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const other = await portal(db.current);
    if ((await tenantShard(db.current.owner, other.tenant.id)).port !== firstPort) return [first, other];
  }
  throw new Error('twenty tenants all hashed to one worker');
}

describe('a worker node stopped and started again', () => {
  it('answers 503 for its tenants, serves the others, leaves nothing half-written, and recovers', async () => {
    const cluster = citusClusterFromEnvironment();
    if (!cluster) throw new Error('this test needs the Citus cluster (npm run test:citus)');
    const nodes = attachCitusCluster(cluster);
    const [down, up] = await tenantsOnBothWorkers();
    const downPort = (await tenantShard(db.current.owner, down.tenant.id)).port;
    const index = cluster.workers.findIndex((worker) => worker.port === downPort);
    expect(index).toBeGreaterThanOrEqual(0);

    const [downClient, upClient] = [
      await createActiveClient(db.current.app, down.tenant.id),
      await createActiveClient(db.current.app, up.tenant.id),
    ];
    const [downBrowser, upBrowser] = [newAgent(down.app), newAgent(up.app)];
    await signInAs(downBrowser, down.slug, downClient);
    await signInAs(upBrowser, up.slug, upClient);
    const profile = (p: Portal, agent: typeof downBrowser) => agent.get(`/${p.slug}/account/profile?lang=en`);
    await profile(down, downBrowser).expect(200);

    const fields = registrationFields();
    await nodes.stopNode(index, 'immediate');
    try {
      const refused = await profile(down, downBrowser);
      expect(refused.status).toBe(503);
      expect(headingOne(refused.text)).toBe('Temporarily unavailable');
      expect(refused.headers['retry-after']).toBeDefined();
      const registration = await register(newAgent(down.app), down.slug, fields);
      expect(registration.status).toBe(503);
      // The other worker's tenant is served as usual, by the same kind of process.
      await profile(up, upBrowser).expect(200);
    } finally {
      await nodes.startNode(index);
    }

    await eventually(async () => {
      await profile(down, downBrowser).expect(200);
    }, RECOVERY_MS);
    const left = await withTenant(db.current.app, down.tenant.id, async (trx) => ({
      clients: await trx('clients').where({ email_key: fields.email.toLowerCase() }).count({ n: '*' }),
      mails: await trx('mail_outbox').where({ recipient: fields.email }).count({ n: '*' }),
    }));
    expect(left).toEqual({ clients: [{ n: '0' }], mails: [{ n: '0' }] });
    // The registration goes through now, whole.
    expect((await register(newAgent(down.app), down.slug, fields)).status).toBe(303);
  });
});
