// The scale tests' harness holds: a test file's database is one Citus database over the
// coordinator and both workers, the app's role reaches it, and a worker can be stopped and
// started again (as tests that stop one mid-request will).
import { describe, expect, inject, it } from 'vitest';
import { databaseUrlFor } from '../../src/platform/db/database.ts';
import { withClient } from '../support/connections.ts';
import { useTestDatabase } from '../support/database.ts';
import { attachCitusCluster, type CitusClusterAddress } from './cluster.ts';

const db = useTestDatabase();

function cluster(): CitusClusterAddress {
  const source = inject('databaseSource');
  if (source.kind !== 'citus') throw new Error('The Citus tests run on a cluster: npm run test:citus');
  return source.cluster;
}

const portOf = (url: string): number => Number(new URL(url).port);

const citusVersion = (url: string): Promise<string | undefined> =>
  withClient(url, async (client) => {
    const { rows } = await client.query<{ version: string }>(
      "SELECT extversion AS version FROM pg_extension WHERE extname = 'citus'",
    );
    return rows[0]?.version;
  });

describe('a test database on the Citus cluster', () => {
  it('has the citus extension on the coordinator and on each worker', async () => {
    expect(await citusVersion(db.current.adminUrl)).toMatch(/^13\.2-/);
    for (const worker of cluster().workers) {
      expect(await citusVersion(databaseUrlFor(worker.url, db.current.name))).toMatch(/^13\.2-/);
    }
  });

  it('knows the coordinator and two active workers', async () => {
    const nodes = await withClient(db.current.adminUrl, async (client) => {
      const { rows } = await client.query<{ port: number; group: number; active: boolean; role: string }>(
        'SELECT nodeport AS port, groupid AS group, isactive AS active, noderole::text AS role FROM pg_dist_node ORDER BY groupid',
      );
      return rows;
    });
    const { coordinatorUrl, workers } = cluster();
    expect(workers).toHaveLength(2);
    expect(nodes).toEqual([
      { port: portOf(coordinatorUrl), group: 0, active: true, role: 'primary' },
      ...workers.map((worker, i) => ({ port: worker.port, group: i + 1, active: true, role: 'primary' })),
    ]);
  });

  it("lets the app's role connect, as itself", async () => {
    const { rows } = await db.current.app.raw<{ rows: { role: string; database: string }[] }>(
      'SELECT current_user AS role, current_database() AS database',
    );
    expect(rows).toEqual([{ role: 'okienko_app', database: db.current.name }]);
  });

  it('stops a worker and starts it again', async () => {
    const worker = cluster().workers[1]!;
    const nodes = attachCitusCluster(cluster());
    const answers = () => withClient(worker.url, (client) => client.query('SELECT 1')).then(() => true);
    try {
      await nodes.stopNode(1);
      await expect(answers()).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await nodes.startNode(1);
    }
    expect(await answers()).toBe(true);
  });
});
