// The tenant registry: every enabled tenant, held in memory and looked up by slug or host
// on each request without touching the database. A trigger notifies 'tenants_changed' on
// any change (migration 20261122000400), and each process reloads; a periodic reload
// covers a notification lost while the listening connection was down.
import type { Knex } from 'knex';
import pg from 'pg';
import type { Logger } from 'pino';
import { tenantFromRow, type Tenant } from './tenant.ts';

const RELOAD_EVERY_MS = 60_000;
const RECONNECT_AFTER_MS = 2_000;

export class TenantRegistry {
  private bySlug = new Map<string, Tenant>();
  private byHost = new Map<string, Tenant>();
  private listener: pg.Client | undefined;
  private timers = new Set<NodeJS.Timeout>();
  private closed = false;

  private readonly db: Knex;
  private readonly logger: Logger;

  constructor(db: Knex, logger: Logger) {
    this.db = db;
    this.logger = logger;
  }

  findBySlug(slug: string): Tenant | undefined {
    return this.bySlug.get(slug);
  }

  findByHost(hostname: string): Tenant | undefined {
    return this.byHost.get(hostname.toLowerCase());
  }

  /** Enabled tenants, sorted by name for the directory. */
  all(): Tenant[] {
    return [...this.bySlug.values()].sort((a, b) => a.name.localeCompare(b.name, 'pl'));
  }

  async reload(): Promise<void> {
    const rows = await this.db('tenants as t')
      .leftJoin('tenant_domains as d', 'd.tenant_id', 't.id')
      .where('t.enabled', true)
      .groupBy('t.id')
      .select('t.*', this.db.raw('array_agg(d.hostname) FILTER (WHERE d.hostname IS NOT NULL) AS domains'));
    const bySlug = new Map<string, Tenant>();
    const byHost = new Map<string, Tenant>();
    for (const row of rows) {
      try {
        const tenant = tenantFromRow(row);
        bySlug.set(tenant.slug, tenant);
        for (const host of tenant.domains) byHost.set(host, tenant);
      } catch (error) {
        // One tenant with broken settings must not take the others down.
        this.logger.error({ err: error, slug: (row as { slug?: string }).slug }, 'tenant row is invalid; not served');
      }
    }
    this.bySlug = bySlug;
    this.byHost = byHost;
  }

  /** Keeps the cache fresh across processes: LISTEN for changes, with a periodic reload as a safety net. */
  async watch(listenUrl: string): Promise<void> {
    await this.connectListener(listenUrl);
    this.every(RELOAD_EVERY_MS, () => this.reloadLogged());
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.listener?.end().catch(() => undefined);
  }

  private every(ms: number, task: () => void): void {
    const timer = setInterval(task, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private reloadLogged(): void {
    this.reload().catch((error: unknown) => this.logger.warn({ err: error }, 'tenant registry reload failed'));
  }

  private async connectListener(url: string): Promise<void> {
    const client = new pg.Client({ connectionString: url, application_name: 'okienko tenant registry' });
    client.on('notification', () => this.reloadLogged());
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'tenant registry listener lost its connection; reconnecting');
      this.scheduleReconnect(url);
    });
    await client.connect();
    await client.query('LISTEN tenants_changed');
    this.listener = client;
  }

  private scheduleReconnect(url: string): void {
    if (this.closed) return;
    void this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.connectListener(url)
        .then(() => this.reloadLogged())
        .catch(() => this.scheduleReconnect(url));
    }, RECONNECT_AFTER_MS);
    timer.unref();
    this.timers.add(timer);
  }
}
