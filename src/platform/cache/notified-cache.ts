// What the caches that PostgreSQL's NOTIFY makes forget have in common (the session cache, the
// tenant data cache): entries kept by key, each in a group that one notification forgets at
// once (a user's sessions, a tenant's data), used only while the LISTEN connection is up, a
// minute at most each, and never a load that was under way while its group, or everything,
// was forgotten: a row read before a commit never outlives that commit in memory.
import { Counter } from 'prom-client';
import { FORGET_LOG_MS, ForgetLog, type LoadTicket } from './forget-log.ts';
import { metricsRegistry } from '../metrics/registry.ts';

/** The last backstop (behind the listener's heartbeat) against notifications lost unseen: entries live this long at most. */
const MAX_AGE_MS = 60_000;
/** The notification that says "forget everything". */
const FORGET_ALL = '*';

export interface CachedEntry {
  /** What a notification names to forget it with the rest of its group, in lower case. */
  group: string;
  cachedAt: number;
}

export abstract class NotifiedCache<Entry extends CachedEntry> {
  private readonly entries = new Map<string, Entry>();
  private readonly keysOfGroup = new Map<string, Set<string>>();
  /** Counts forgettings; a load notes it when it starts (startLoad). */
  protected epoch = 0;
  /** Loads started before this epoch are not kept: everything was forgotten since. */
  private floor = 0;
  private readonly forgottenGroups = new ForgetLog();
  private live = false;
  protected readonly now: () => number;
  private readonly maxEntries: number;
  /** Lookups answered from memory, and those that went to the database (read at scrape time). */
  hits = 0;
  misses = 0;

  protected constructor(now: () => number, maxEntries: number) {
    this.now = now;
    this.maxEntries = maxEntries;
  }

  /** Whether the invalidation channel is up: only then is anything served from memory. */
  get listening(): boolean {
    return this.live;
  }

  setListening(live: boolean): void {
    this.forgetAll();
    this.live = live;
  }

  get size(): number {
    return this.entries.size;
  }

  /** What to give back when keeping a load: taken before the database is asked. */
  startLoad(): LoadTicket {
    return { epoch: this.epoch, startedAt: this.now() };
  }

  /** The entry while it holds (and `stillGood` says so too); undefined to ask the database. */
  protected lookup(key: string, stillGood: (entry: Entry) => boolean = () => true): Entry | undefined {
    const entry = this.live ? this.entries.get(key) : undefined;
    if (entry && this.now() - entry.cachedAt <= MAX_AGE_MS && stillGood(entry)) {
      this.hits++;
      return entry;
    }
    if (entry) this.drop(key);
    this.misses++;
    return undefined;
  }

  /**
   * Whether a load that started with this ticket may be kept: nothing of its group (or all)
   * was forgotten since. Only what was forgotten counts, so a burst of other groups' changes
   * does not stop the caching. A load slower than the log remembers cannot be judged.
   */
  protected mayKeep(group: string, load: LoadTicket): boolean {
    if (!this.live || load.epoch < this.floor) return false;
    if (this.now() - load.startedAt >= FORGET_LOG_MS) return false;
    return !this.forgottenGroups.since(group, load.epoch);
  }

  protected keep(key: string, entry: Entry): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.drop(oldest);
    }
    this.entries.set(key, entry);
    let keys = this.keysOfGroup.get(entry.group);
    if (!keys) this.keysOfGroup.set(entry.group, (keys = new Set()));
    keys.add(key);
  }

  /** Lets an entry go that is merely old (expired, or the oldest when full), or changed alone. */
  protected drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const keys = this.keysOfGroup.get(entry.group);
    keys?.delete(key);
    if (keys?.size === 0) this.keysOfGroup.delete(entry.group);
  }

  /** Forgets a group's entries, and any load of the group under way. `group` in lower case. */
  protected forgetGroup(group: string): void {
    this.forgottenGroups.note(group, ++this.epoch, this.now());
    for (const key of this.keysOfGroup.get(group) ?? []) this.entries.delete(key);
    this.keysOfGroup.delete(group);
  }

  forgetAll(): void {
    this.floor = ++this.epoch;
    this.forgottenGroups.clear();
    this.entries.clear();
    this.keysOfGroup.clear();
  }

  /** What a notification on the channel says: a group (any case), or "*". */
  onNotification(payload: string | undefined): void {
    if (!payload || payload === FORGET_ALL) this.forgetAll();
    else this.forgetGroup(payload.toLowerCase());
  }

  close(): void {
    this.setListening(false);
  }
}

/**
 * The lookups of a kind of cache by where they were answered, hit (memory) or miss (the
 * database), read when Prometheus scrapes from the caches' plain counts: a view pays for no metric.
 */
export function countLookups(name: string, help: string, caches: ReadonlySet<{ hits: number; misses: number }>): void {
  new Counter({
    name,
    help,
    labelNames: ['result'] as const,
    registers: [metricsRegistry],
    collect() {
      this.reset();
      let [hits, misses] = [0, 0];
      for (const cache of caches) [hits, misses] = [hits + cache.hits, misses + cache.misses];
      this.inc({ result: 'hit' }, hits);
      this.inc({ result: 'miss' }, misses);
    },
  });
}
