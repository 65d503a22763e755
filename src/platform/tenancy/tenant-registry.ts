// The tenant registry: every enabled tenant, held in memory and looked up by slug or host
// on each request without touching the database. Whatever changes a tenant, its domains or its
// front desks notifies TENANTS_CHANGED_CHANNEL in its transaction (tenant-admin.ts,
// front-desks.repo.ts), and each process reloads; a periodic reload covers a notification lost
// while the listening connection was down.
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { listen, type Listener } from '../db/listener.ts';
import { tenantFromRow, type SettingsSchema, type Tenant } from './tenant.ts';

const RELOAD_EVERY_MS = 60_000;

export const TENANTS_CHANGED_CHANNEL = 'tenants_changed';

export class TenantRegistry {
  private bySlug = new Map<string, Tenant>();
  private byHost = new Map<string, Tenant>();
  private byId = new Map<string, Tenant>();
  private listener: Listener | undefined;
  private timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  private readonly db: Knex;
  private readonly logger: Logger;
  private readonly settings: SettingsSchema;

  /** settings: the tenants' settings schema, the platform's and the features' (features/index.ts). */
  constructor(db: Knex, logger: Logger, settings: SettingsSchema) {
    this.db = db;
    this.logger = logger;
    this.settings = settings;
  }

  /** The settings schema tenants are read with: a change is checked against it before it is written. */
  get settingsSchema(): SettingsSchema {
    return this.settings;
  }

  findBySlug(slug: string): Tenant | undefined {
    return this.bySlug.get(slug);
  }

  findById(id: string): Tenant | undefined {
    return this.byId.get(id);
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
    const byId = new Map<string, Tenant>();
    for (const row of rows) {
      try {
        const tenant = tenantFromRow(row, this.settings);
        bySlug.set(tenant.slug, tenant);
        byId.set(tenant.id, tenant);
        for (const host of tenant.domains) byHost.set(host, tenant);
      } catch (error) {
        // One tenant with broken settings must not take the others down.
        this.logger.error({ err: error, slug: (row as { slug?: string }).slug }, 'tenant row is invalid; not served');
      }
    }
    this.bySlug = bySlug;
    this.byHost = byHost;
    this.byId = byId;
  }

  /** Keeps the cache fresh across processes: LISTEN for changes, with a periodic reload as a safety net. */
  async watch(listenUrl: string): Promise<void> {
    const listener = await listen({
      url: listenUrl,
      channel: TENANTS_CHANGED_CHANNEL,
      applicationName: 'okienko tenant registry',
      logger: this.logger,
      onNotification: () => this.reloadLogged(),
      // Changes made while the connection was down sent notifications nobody heard.
      onReconnect: () => this.reloadLogged(),
    });
    if (this.closed) return void (await listener.close());
    this.listener = listener;
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
    await listener?.close();
  }

  private every(ms: number, task: () => void): void {
    const timer = setInterval(task, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private reloadLogged(): void {
    this.reload().catch((error: unknown) => this.logger.warn({ err: error }, 'tenant registry reload failed'));
  }
}
