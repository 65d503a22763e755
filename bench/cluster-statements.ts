// What the Citus cluster's nodes received in the counted runs (bench/citus-counts.ts), read from
// pg_stat_statements on every node: the top-level statements of one role in one database, and
// the time each node spent executing them. The bench's cluster loads the extension with its
// tracking off (the timed runs pay nothing for it) until setCounting() turns it on. On the
// coordinator, Citus's own counters add the connections it opened to the workers and reused.
import { databaseUrlFor } from '../src/platform/db/database.ts';
import { adminQuery } from './database.ts';

/** Settings for startCitusCluster: the extension and Citus's counters loaded, both off. */
export const STATEMENT_COUNTING_SETTINGS = {
  shared_preload_libraries: 'citus,pg_stat_statements',
  'pg_stat_statements.track': 'none',
  'citus.enable_stat_counters': 'off',
};

interface Statement {
  calls: number;
  ms: number;
}

export interface ClusterReading {
  /** Per node, the coordinator's first: statements by their text (shard numbers taken out). */
  nodes: Map<string, Statement>[];
  /** Statements pg_stat_statements forgot for want of room, on all nodes: the counts are exact while it stays. */
  evicted: number;
  connectionsOpened: number;
  connectionsReused: number;
}

/** Turns the counting on or off on every node; backends take it up before their next statement. */
export async function setCounting(nodes: string[], on: boolean): Promise<void> {
  await Promise.all(
    nodes.map(async (url) => {
      await adminQuery(url, `ALTER SYSTEM SET pg_stat_statements.track = '${on ? 'top' : 'none'}'`);
      await adminQuery(url, `ALTER SYSTEM SET citus.enable_stat_counters = ${on ? 'on' : 'off'}`);
      await adminQuery(url, 'SELECT pg_reload_conf()');
    }),
  );
}

// A shard is its table's name and a number (clients_102008): one statement whatever the shard.
const withoutShards = (query: string): string => query.replace(/\b([a-z_]+)_\d{6,}\b/g, '$1').replace(/\s+/g, ' ');

async function statementsOf(url: string, database: string, role: string): Promise<Map<string, Statement>> {
  const rows = await adminQuery<{ query: string; calls: string; ms: number }>(
    url,
    `SELECT query, calls, total_exec_time AS ms FROM pg_stat_statements
      WHERE toplevel AND dbid = (SELECT oid FROM pg_database WHERE datname = $1)
        AND userid = (SELECT oid FROM pg_roles WHERE rolname = $2)`,
    [database, role],
  );
  const statements = new Map<string, Statement>();
  for (const row of rows) {
    const key = withoutShards(row.query);
    const seen = statements.get(key) ?? { calls: 0, ms: 0 };
    statements.set(key, { calls: seen.calls + Number(row.calls), ms: seen.ms + row.ms });
  }
  return statements;
}

/** `nodes`: superuser URLs of each node's postgres database, the coordinator's first. */
export async function readCluster(nodes: string[], database: string, role: string): Promise<ClusterReading> {
  const statements = await Promise.all(nodes.map((url) => statementsOf(url, database, role)));
  const evictions = await Promise.all(
    nodes.map((url) => adminQuery<{ dealloc: string }>(url, 'SELECT dealloc FROM pg_stat_statements_info')),
  );
  // Citus's counters live where the extension is: in the bench database on the coordinator.
  const [counters] = await adminQuery<{ opened: string; reused: string }>(
    databaseUrlFor(nodes[0]!, database),
    `SELECT connection_establishment_succeeded AS opened, connection_reused AS reused
       FROM citus_stat_counters WHERE name = $1`,
    [database],
  );
  return {
    nodes: statements,
    evicted: evictions.reduce((sum, [row]) => sum + Number(row?.dealloc ?? 0), 0),
    connectionsOpened: Number(counters?.opened ?? 0),
    connectionsReused: Number(counters?.reused ?? 0),
  };
}

export interface NodeTraffic {
  statements: number;
  ms: number;
  /** The statements most often received, most first: [text, calls]. */
  top: [string, number][];
}

export interface ClusterTraffic {
  coordinator: NodeTraffic;
  /** Both workers together. */
  workers: NodeTraffic;
  evicted: number;
  connectionsOpened: number;
  connectionsReused: number;
}

function trafficBetween(before: Map<string, Statement>[], after: Map<string, Statement>[]): NodeTraffic {
  const calls = new Map<string, Statement>();
  after.forEach((node, index) => {
    for (const [query, statement] of node) {
      const earlier = before[index]!.get(query) ?? { calls: 0, ms: 0 };
      const seen = calls.get(query) ?? { calls: 0, ms: 0 };
      calls.set(query, {
        calls: seen.calls + statement.calls - earlier.calls,
        ms: seen.ms + statement.ms - earlier.ms,
      });
    }
  });
  const all = [...calls].filter(([, statement]) => statement.calls > 0);
  return {
    statements: all.reduce((sum, [, statement]) => sum + statement.calls, 0),
    ms: all.reduce((sum, [, statement]) => sum + statement.ms, 0),
    top: all.sort(([, a], [, b]) => b.calls - a.calls).map(([query, statement]) => [query, statement.calls]),
  };
}

export function clusterTraffic(before: ClusterReading, after: ClusterReading): ClusterTraffic {
  return {
    coordinator: trafficBetween(before.nodes.slice(0, 1), after.nodes.slice(0, 1)),
    workers: trafficBetween(before.nodes.slice(1), after.nodes.slice(1)),
    evicted: after.evicted - before.evicted,
    connectionsOpened: after.connectionsOpened - before.connectionsOpened,
    connectionsReused: after.connectionsReused - before.connectionsReused,
  };
}
