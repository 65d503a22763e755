// A tenant's rows live on one node: for each demo tenant, the shard of every tenant table that
// holds it sits on the same worker (Citus's placement catalog), and that worker's shard really
// holds the tenant's clients.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { databaseUrlFor } from '../../src/platform/db/database.ts';
import { seedDemoClients } from '../../seeds/demo-clients.ts';
import { seedDemoTenants } from '../../seeds/demo-tenants.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { TEST_DATA_KEY } from '../support/mail.ts';
import { withClient } from '../support/connections.ts';

const db = useTestDatabase();

interface ShardOfTenant {
  slug: string;
  tenant: string;
  table: string;
  shard: string;
  node: string;
}

async function shardsOfTenants(): Promise<ShardOfTenant[]> {
  const { rows } = await db.current.owner.raw<{ rows: ShardOfTenant[] }>(
    `SELECT t.slug, t.id AS tenant, p.logicalrelid::text AS table, s.shardid::text AS shard,
            n.nodename || ':' || n.nodeport AS node
       FROM tenants t
       CROSS JOIN pg_dist_partition p
       CROSS JOIN LATERAL (SELECT get_shard_id_for_distribution_column(p.logicalrelid, t.id) AS shardid) s
       JOIN pg_dist_placement pl ON pl.shardid = s.shardid
       JOIN pg_dist_node n ON n.groupid = pl.groupid
      WHERE p.partmethod = 'h' AND column_to_column_name(p.logicalrelid, p.partkey) = 'tenant_id'
      ORDER BY t.slug, p.logicalrelid::text`,
  );
  return rows;
}

describe('where a tenant lives', () => {
  it('keeps every table of each demo tenant on one worker, and the rows are there', async () => {
    await seedDemoTenants(db.current.owner);
    await seedDemoClients(db.current.owner, { dataKey: TEST_DATA_KEY });
    // Tenant ids are random: five demo tenants all hash to one worker's shards once in sixteen
    // runs. Twenty more make that about once in seventeen million.
    for (let more = 0; more < 20; more += 1) await createTenant(db.current.owner);
    const shards = await shardsOfTenants();
    const slugs = [...new Set(shards.map((s) => s.slug))];
    expect(slugs.length).toBeGreaterThanOrEqual(5);

    const nodeOf = new Map<string, string>();
    for (const slug of slugs) {
      const own = shards.filter((s) => s.slug === slug);
      expect(own.length, slug).toBeGreaterThanOrEqual(8);
      expect(new Set(own.map((s) => s.node)), slug).toHaveProperty('size', 1);
      nodeOf.set(slug, own[0]!.node);
    }
    // With the tenants hashed over the shards, both workers hold some.
    expect(new Set(nodeOf.values()).size).toBe(2);

    // The clients' shard on that worker, read on the worker itself, holds the tenant's clients.
    // As a superuser: row-level security binds even the owner to one tenant.
    const demoClients = await withClient(db.current.adminUrl, async (admin) => {
      const { rows } = await admin.query<{ tenant: string; n: number }>(
        'SELECT tenant_id AS tenant, count(*)::int AS n FROM clients GROUP BY tenant_id',
      );
      return rows;
    });
    expect(demoClients.length).toBeGreaterThan(0);
    for (const { tenant, n } of demoClients) {
      const shard = shards.find((s) => s.tenant === tenant && s.table === 'clients')!;
      const [host, port] = shard.node.split(':');
      const worker = new pg.Client({
        connectionString: databaseUrlFor(`postgres://postgres@${host}:${port}/postgres`, db.current.name),
      });
      await worker.connect();
      try {
        const { rows } = await worker.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM clients_${shard.shard} WHERE tenant_id = $1`,
          [tenant],
        );
        expect(rows[0]!.n).toBe(n);
      } finally {
        await worker.end();
      }
    }
  });
});
