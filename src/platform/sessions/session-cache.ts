// Signed-in sessions kept in memory, so a signed-in page view costs no database round trip
// (about a fifth of such a page's CPU, and its only query). What makes that safe is that the
// cache forgets: whatever changes or ends a session, or moves a user's "sessions valid after"
// stamp, notifies every process on the `sessions_changed` channel in its transaction
// (session-store.ts, sign-in.ts; notify.ts says why not a trigger), and the cache is used only
// while that LISTEN connection is up (notified-cache.ts has the rules it shares with the tenant
// data cache). This process forgets its own changes at once, without waiting for the
// notification.
//
// Cross-process, an ended session can still be served from another process's memory until
// its notification arrives (milliseconds), as a request that loaded the session just before
// the sign-out committed is today. A load that was in flight while its session or its user
// was forgotten is not kept, so a row read before a commit never outlives that commit here.
import { Gauge } from 'prom-client';
import { ForgetLog, type LoadTicket } from '../cache/forget-log.ts';
import { countLookups, NotifiedCache, type CachedEntry } from '../cache/notified-cache.ts';
import { listeningCache, type ListeningOptions, type RunningCache } from '../cache/listening.ts';
import { metricsRegistry } from '../metrics/registry.ts';

export const SESSIONS_CHANGED_CHANNEL = 'sessions_changed';

/** Bounds the memory: about half a kilobyte per session. */
const MAX_ENTRIES = 20_000;

/** Grouped by user: a notification names the user whose sessions changed. */
interface Entry extends CachedEntry {
  /** The session as JSON: every request gets an object of its own to change. */
  json: string;
  /** The row's expire, in ms: past it, the row no longer counts as live (as load_live_session says). */
  expiresAt: number;
}

/** Every cache in this process: forgetting is always safe, so it is done in all of them. */
const cachesInProcess = new Set<SessionCache>();

/** Forgets the cached sessions of a user in this process (after a commit that ended them). */
export function forgetSessionsOfUser(userId: string): void {
  for (const cache of cachesInProcess) cache.forgetUser(userId);
}

/** PostgreSQL writes a uuid in lower case (the notifications' payload); a session may hold any case. */
const userKey = (userId: string): string => userId.toLowerCase();

export interface LoadedSession {
  sess: { auth?: { userId?: string } } & object;
  expire: Date;
}

export class SessionCache extends NotifiedCache<Entry> {
  /** When each session was last forgotten by itself, so a load learns if it was its own. */
  private readonly forgottenKeys = new ForgetLog();

  constructor(now: () => number = Date.now) {
    super(now, MAX_ENTRIES);
    cachesInProcess.add(this);
  }

  /**
   * The session as the database last said, while that still holds; undefined to ask it.
   * `key` is tenant and sid together: a sid is unique anyway, the tenant makes it plain.
   */
  get(key: string, nowMs: number): string | undefined {
    return this.lookup(key, (entry) => entry.expiresAt >= nowMs)?.json;
  }

  /**
   * Keeps a live session the database returned, unless it (or its user's sessions, or all)
   * was forgotten while the load was under way: the row it read may be gone by now.
   */
  remember(key: string, load: LoadTicket, session: LoadedSession): void {
    const userId = session.sess.auth?.userId && userKey(session.sess.auth.userId);
    if (!userId || !this.mayKeep(userId, load) || this.forgottenKeys.since(key, load.epoch)) return;
    this.keep(key, {
      json: JSON.stringify(session.sess),
      group: userId,
      expiresAt: session.expire.getTime(),
      cachedAt: this.now(),
    });
  }

  /** The session changed or ended: forget this copy, and any load of it under way. */
  forgetKey(key: string): void {
    this.forgottenKeys.note(key, ++this.epoch, this.now());
    this.drop(key);
  }

  forgetUser(userId: string): void {
    this.forgetGroup(userKey(userId));
  }

  forgetAll(): void {
    super.forgetAll();
    this.forgottenKeys.clear();
  }

  close(): void {
    super.close();
    cachesInProcess.delete(this);
  }
}

countLookups(
  'okienko_session_cache_lookups_total',
  'Signed-in session loads by where they were answered: hit (memory) or miss (the database)',
  cachesInProcess,
);

new Gauge({
  name: 'okienko_session_cache_listening',
  help: '1 while every session cache of the process hears its notifications; 0 means every load asks the database',
  registers: [metricsRegistry],
  collect() {
    // A process without a cache (the worker) has nothing to say here.
    if (cachesInProcess.size === 0) this.reset();
    else this.set([...cachesInProcess].every((cache) => cache.listening) ? 1 : 0);
  },
});

new Gauge({
  name: 'okienko_session_cache_entries',
  help: 'Sessions held in memory',
  registers: [metricsRegistry],
  collect() {
    this.set([...cachesInProcess].reduce((sum, cache) => sum + cache.size, 0));
  },
});

export type RunningSessionCache = RunningCache<SessionCache>;

/** A session cache with its LISTEN connection (listening.ts). */
export function startSessionCache(options: ListeningOptions): Promise<RunningSessionCache> {
  return listeningCache(
    new SessionCache(),
    { channel: SESSIONS_CHANGED_CHANNEL, applicationName: 'okienko session cache' },
    options,
  );
}
