// The two sides of the Citus comparison (bench/citus-phase.ts): the same database, accounts
// and sessions on one PostgreSQL and on a Citus cluster, and the portal started on either.
import type { DatabaseRoleUrls } from '../src/platform/db/roles.ts';
import { load, type RunResult, type Target } from './load.ts';
import type { BenchOptions } from './options.ts';
import { portalEnvironment, startPortal, type PortalSecrets } from './portal.ts';
import type { Server } from './processes.ts';
import { mintSessions, rotatingCookies } from './sessions.ts';
import { SIGN_IN_CLIENTS, createBenchClients, type BenchClients } from './sign-ins.ts';
import { ACCOUNT, TENANT, target } from './targets.ts';

export interface Side {
  label: 'single node' | 'Citus';
  /** The database's name, on the single server or on every node of the cluster. */
  database: string;
  urls: DatabaseRoleUrls;
  /** Superuser URL of the database (on the coordinator, for Citus). */
  adminUrl: string;
  /** Superuser URLs of the servers' postgres databases: the single server, or the coordinator then the workers. */
  servers: string[];
  clients: BenchClients;
}

export interface SideContext {
  options: BenchOptions;
  secrets: PortalSecrets;
}

/** The side with its sign-in accounts, as on the other side. */
export async function prepareSide(
  label: Side['label'],
  database: { name: string; urls: DatabaseRoleUrls; benchAdminUrl: string },
  servers: string[],
): Promise<Side> {
  const clients = await createBenchClients(database.urls.appUrl, TENANT, SIGN_IN_CLIENTS);
  return { label, database: database.name, urls: database.urls, adminUrl: database.benchAdminUrl, servers, clients };
}

/**
 * Signed-in sessions of a portal's own, as the pages bench mints them (signed in over the last
 * minute, so their once-a-minute saves come spread): a portal sharing its sessions would make
 * its views depend on the other's saves, and sessions left unviewed for a minute would all save
 * at once when viewed again.
 */
export function mintFor(side: Side, { options, secrets }: SideContext): Promise<string[]> {
  const mint = { appUrl: side.urls.appUrl, slug: TENANT, count: options.sessions, secure: true };
  return mintSessions({ ...mint, sessionSecret: secrets.sessionSecret });
}

/** The portal on a side's database (or on `appUrl` in its place), with the session cache on or off. */
export function sidePortal(
  side: Side,
  cache: boolean,
  context: SideContext,
  appUrl = side.urls.appUrl,
): Promise<Server> {
  const env = portalEnvironment({ ...side.urls, appUrl }, context.secrets, context.options.poolMax);
  return startPortal({ ...env, SESSION_CACHE: String(cache) });
}

export const pageName = (side: Side, cache: boolean): string =>
  `signed-in page${cache ? '' : ' SESSION_CACHE=false'}, ${side.label}`;

/** The signed-in page on `portal`, every request with the next of its sessions' cookies. */
export const pageTarget = (side: Side, cache: boolean, portal: Server, cookies: string[]): Target =>
  target(pageName(side, cache), portal.origin, [ACCOUNT], rotatingCookies(cookies));

/**
 * Load until every session has been viewed twice: its first view loads it (and saves it, if
 * it was signed into a minute ago), so only after that does the page run as it keeps running.
 * On a busy machine the warm-up's seconds alone may not get that far.
 */
export async function warmUp(page: Target, sessions: number, options: BenchOptions): Promise<RunResult> {
  let run = await load(page, options.warmup, options.connections);
  for (let views = run.responses; views < 2 * sessions; views += run.responses) {
    run = await load(page, options.warmup, options.connections);
  }
  return run;
}
