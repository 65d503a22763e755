// What a page reads of one tenant's data, kept in memory until that tenant's data changes: the
// e-BOK's overview of a premises (issue #21) is its most visited page, and its one database call
// cost about as much as the rest of the page (bench/README.md). Every write to data such a read
// shows tells every process on the `tenant_data_changed` channel, in its own transaction
// (tenant-data-changed.ts), and each process forgets what it holds of that tenant. Under the
// rules of notified-cache.ts, as the session cache is; this process forgets its own writes at
// once.
import type { LoadTicket } from './forget-log.ts';
import { countLookups, NotifiedCache, type CachedEntry } from './notified-cache.ts';
import { listeningCache, type ListeningOptions, type RunningCache } from './listening.ts';

export const TENANT_DATA_CHANGED_CHANNEL = 'tenant_data_changed';

/**
 * Bounds the memory: an overview and its page together are about ten kilobytes, so at most some
 * 25 MB; an entry lives a minute, so this is room for 2,500 residents who looked in that minute.
 */
const MAX_ENTRIES = 5_000;

interface Entry extends CachedEntry {
  value: unknown;
}

/** Every cache in this process: forgetting is always safe, so it is done in all of them. */
const cachesInProcess = new Set<TenantDataCache>();

/** Forgets what every cache of this process holds of the tenant (its data changed here). */
export function forgetTenantInProcess(tenantId: string): void {
  for (const cache of cachesInProcess) cache.forgetTenant(tenantId);
}

/** Entries are grouped by tenant; PostgreSQL writes a uuid in lower case (the notifications' payload). */
const tenantKey = (tenantId: string): string => tenantId.toLowerCase();

export class TenantDataCache extends NotifiedCache<Entry> {
  constructor(now: () => number = Date.now) {
    super(now, MAX_ENTRIES);
    cachesInProcess.add(this);
  }

  /** What was read for `key` of the tenant, while that still holds; undefined to read it. */
  get<Value>(tenantId: string, key: string): Value | undefined {
    return this.lookup(`${tenantKey(tenantId)} ${key}`)?.value as Value | undefined;
  }

  /**
   * Keeps what a read returned, unless the tenant's data (or everything) was forgotten while the
   * read was under way: it may have read rows a commit has changed since. The value is frozen:
   * every request that finds it gets the same object.
   */
  remember(tenantId: string, key: string, load: LoadTicket, value: object): void {
    const group = tenantKey(tenantId);
    if (!this.mayKeep(group, load)) return;
    this.keep(`${group} ${key}`, { value: deepFreeze(value), group, cachedAt: this.now() });
  }

  forgetTenant(tenantId: string): void {
    this.forgetGroup(tenantKey(tenantId));
  }

  close(): void {
    super.close();
    cachesInProcess.delete(this);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

countLookups(
  'okienko_tenant_data_cache_lookups_total',
  'Reads of tenant data kept in memory (the premises overview), by where they were answered: hit (memory) or miss (the database)',
  cachesInProcess,
);

export type RunningTenantDataCache = RunningCache<TenantDataCache>;

/** A tenant data cache with its LISTEN connection (listening.ts). */
export function startTenantDataCache(options: ListeningOptions): Promise<RunningTenantDataCache> {
  return listeningCache(
    new TenantDataCache(),
    { channel: TENANT_DATA_CHANGED_CHANNEL, applicationName: 'okienko tenant data cache' },
    options,
  );
}
