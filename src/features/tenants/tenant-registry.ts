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
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

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

  /**
   * Reads the tenants again. Reloads run one at a time: a reload asked for while one runs
   * starts after it (many asks coalescing into one), so an older read never lands after a newer one.
   */
  reload(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) return this.startLoad();
    const queued = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.startLoad();
      });
    this.queued = queued;
    return queued;
  }

  private startLoad(): Promise<void> {
    const load = this.load().finally(() => {
      if (this.running === load) this.running = undefined;
    });
    this.running = load;
    return load;
  }

  private async load(): Promise<void> {
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
    // A change made between the caller's first reload() and LISTEN sent no notification we heard.
    this.reloadLogged();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
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
    // 'error' and 'end' may both come for one lost connection: reconnect once, for the current listener only.
    const lost = (error?: Error): void => {
      if (this.listener !== client) return;
      this.logger.warn({ err: error }, 'tenant registry listener lost its connection; reconnecting');
      this.scheduleReconnect(url);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query('LISTEN tenants_changed');
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
  }

  private scheduleReconnect(url: string): void {
    if (this.closed) return;
    const previous = this.listener;
    this.listener = undefined;
    void previous?.end().catch(() => undefined);
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
