// The counted runs of bench/citus-phase.ts: where each side's time goes, per request. Per side,
// a portal per session-cache setting is started with its app connection through a round-trip
// counter (round-trips.ts), warmed up and loaded as in the timed runs, then signed into. Meanwhile
// the CPU used by the portal and by the database backends serving it is read from Linux
// (process-cpu.ts), and on the Citus side every node's pg_stat_statements and the coordinator's
// Citus counters count what each received (cluster-statements.ts). Untimed: the proxy costs
// time, so only the counts are kept.
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_ROLE } from '../src/platform/db/roles.ts';
import { clusterTraffic, readCluster, setCounting, type ClusterTraffic } from './cluster-statements.ts';
import { mintFor, pageTarget, sidePortal, warmUp, type Side, type SideContext } from './citus-sides.ts';
import { load } from './load.ts';
import { backendsCpu, cpuBetween, cpuMsOf } from './process-cpu.ts';
import type { Server } from './processes.ts';
import { table } from './report.ts';
import { startRoundTripCounter } from './round-trips.ts';
import type { SignInBrowsers } from './sign-in-browsers.ts';
import { TENANT } from './targets.ts';

export interface RequestCounts {
  requests: number;
  /** Round trips from the portal's app role to its database: the single server, or the coordinator. */
  roundTrips: number;
  /** CPU milliseconds of the portal's process, and of the backends serving it on each server (as Side.servers). */
  cpu: { portal: number; servers: number[] };
  /** What the cluster's nodes received (the Citus side only). */
  cluster?: ClusterTraffic;
}

export type Counted = 'page' | 'uncachedPage' | 'signIn';
export type SideCounts = Record<Counted, RequestCounts>;

const COUNTED: Record<Counted, { name: string; unit: string }> = {
  page: { name: 'signed-in page', unit: 'view' },
  uncachedPage: { name: 'signed-in page SESSION_CACHE=false', unit: 'view' },
  signIn: { name: 'sign-in (GET form, POST)', unit: 'sign-in' },
};
const KINDS = Object.keys(COUNTED) as Counted[];

export interface CountContext extends SideContext {
  browsers: SignInBrowsers;
}

async function countSide(side: Side, context: CountContext): Promise<SideCounts> {
  const { options, browsers } = context;
  const counter = await startRoundTripCounter(side.urls.appUrl);
  const distributed = side.servers.length > 1;
  if (distributed) await setCounting(side.servers, true);
  const read = async (portal: Server) => ({
    roundTrips: counter.count(APP_ROLE),
    portal: cpuMsOf(portal.pid) ?? Number.NaN,
    servers: await Promise.all(side.servers.map((url) => backendsCpu(url, side.database, APP_ROLE))),
    cluster: distributed ? await readCluster(side.servers, side.database, APP_ROLE) : undefined,
  });
  /** Counts over `work`, which answers how many requests it made. */
  const counted = async (portal: Server, work: () => Promise<number>): Promise<RequestCounts> => {
    const before = await read(portal);
    const requests = await work();
    await sleep(200); // a statement's count lands as it ends; let the last ones end
    const after = await read(portal);
    return {
      requests,
      roundTrips: after.roundTrips - before.roundTrips,
      cpu: {
        portal: after.portal - before.portal,
        servers: after.servers.map((backends, index) => cpuBetween(before.servers[index]!, backends)),
      },
      ...(before.cluster && after.cluster && { cluster: clusterTraffic(before.cluster, after.cluster) }),
    };
  };
  const counts: Partial<SideCounts> = {};
  try {
    for (const cache of [true, false]) {
      const cookies = await mintFor(side, context);
      const portal = await sidePortal(side, cache, context, counter.url);
      try {
        const page = pageTarget(side, cache, portal, cookies);
        await warmUp(page, cookies.length, options);
        const views = async () => (await load(page, options.duration, options.connections)).responses;
        counts[cache ? 'page' : 'uncachedPage'] = await counted(portal, views);
        if (!cache) continue;
        const signIns = async () => {
          const signIn = {
            origin: portal.origin,
            slug: TENANT,
            clients: side.clients,
            browsers: options.signInBrowsers,
          };
          const run = await browsers.run({ ...signIn, seconds: options.signInDuration });
          return run.signIns + run.failures;
        };
        counts.signIn = await counted(portal, signIns);
      } finally {
        await portal.stop();
      }
    }
  } finally {
    await counter.close();
  }
  return counts as SideCounts;
}

export async function countRequests(sides: Side[], context: CountContext): Promise<SideCounts[]> {
  const counts: SideCounts[] = [];
  for (const side of sides) counts.push(await countSide(side, context));
  return counts;
}

const per = (counts: RequestCounts, value: number | undefined, digits = 2): string => {
  const share = value === undefined ? Number.NaN : value / Math.max(1, counts.requests);
  return Number.isFinite(share) ? share.toFixed(digits) : '—';
};
const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

/** Per kind of request, both sides: round trips, the Citus nodes' statements, and CPU milliseconds. */
export function countsTables([single, citus]: SideCounts[]): string {
  const right = (columns: number) => [false, ...Array<boolean>(columns).fill(true)];
  const trips = KINDS.map((kind) => {
    const [one, many] = [single![kind], citus![kind]];
    const cluster = many.cluster;
    return [
      COUNTED[kind].name,
      per(one, one.roundTrips),
      per(many, many.roundTrips),
      per(many, cluster?.coordinator.statements),
      per(many, cluster?.workers.statements),
      per(many, cluster?.coordinator.ms),
      per(many, cluster?.workers.ms),
      per(many, cluster?.connectionsOpened),
    ];
  });
  const tripsHeader = [
    'per request',
    'round trips: single',
    'Citus',
    'statements: coordinator',
    'workers',
    'ms executing: coordinator',
    'workers',
    'worker connections opened',
  ];
  const cpu = KINDS.map((kind) => {
    const [one, many] = [single![kind], citus![kind]];
    return [
      COUNTED[kind].name,
      per(one, one.cpu.portal),
      per(one, one.cpu.servers[0]),
      per(many, many.cpu.portal),
      per(many, many.cpu.servers[0]),
      per(many, sum(many.cpu.servers.slice(1))),
    ];
  });
  const cpuHeader = ['CPU ms per request', 'single: portal', 'database', 'Citus: portal', 'coordinator', 'workers'];
  return `${table(tripsHeader, trips, right(7))}\n\n${table(cpuHeader, cpu, right(5))}`;
}

/** What the Citus nodes received most often, per request. */
export function topStatements(citus: SideCounts, limit = 6): string {
  const lines: string[] = [];
  for (const kind of KINDS) {
    const counts = citus[kind];
    if (!counts.cluster) continue;
    const { coordinator, workers, evicted } = counts.cluster;
    lines.push(`  ${COUNTED[kind].name}, per ${COUNTED[kind].unit} (${counts.requests} of them):`);
    for (const [node, traffic] of [
      ['coordinator', coordinator],
      ['workers', workers],
    ] as const) {
      if (traffic.top.length === 0) lines.push(`    ${node.padEnd(11)} nothing`);
      for (const [query, calls] of traffic.top.slice(0, limit)) {
        lines.push(`    ${node.padEnd(11)} ${per(counts, calls, 3).padStart(6)}  ${query.slice(0, 110)}`);
      }
    }
    if (evicted > 0) lines.push(`    (pg_stat_statements forgot ${evicted} statements meanwhile: not exact)`);
  }
  return lines.join('\n');
}

/** A line for a verdict: one kind of request on both sides. */
export function describeCounts([single, citus]: SideCounts[], kind: Counted): string {
  const [one, many] = [single![kind], citus![kind]];
  const cluster = many.cluster;
  const received = cluster
    ? `; the coordinator received ${per(many, cluster.coordinator.statements)} statements and the workers ` +
      `${per(many, cluster.workers.statements)}`
    : '';
  return (
    `per ${COUNTED[kind].unit}: ${per(one, one.roundTrips)} round trips to the single node, ` +
    `${per(many, many.roundTrips)} to the coordinator${received}; CPU ms: portal ${per(one, one.cpu.portal)} vs ` +
    `${per(many, many.cpu.portal)}, database ${per(one, one.cpu.servers[0])} vs ${per(many, sum(many.cpu.servers))} ` +
    `(coordinator ${per(many, many.cpu.servers[0])}, workers ${per(many, sum(many.cpu.servers.slice(1)))})`
  );
}
