// Signed-in sessions kept in memory, so a signed-in page view costs no database round trip
// (about a fifth of such a page's CPU, and its only query). What makes that safe is that the
// cache forgets: whatever changes or ends a session, or moves a user's "sessions valid after"
// stamp, notifies every process on the `sessions_changed` channel in its transaction
// (session-store.ts, sign-in.ts; notify.ts says why not a trigger), and the cache is used only
// while that LISTEN connection is up. This process
// forgets its own changes at once, without waiting for the notification.
//
// Cross-process, an ended session can still be served from another process's memory until
// its notification arrives (milliseconds), as a request that loaded the session just before
// the sign-out committed is today. A load that was in flight while its session or its user
// was forgotten is not kept, so a row read before a commit never outlives that commit here.
import type { Logger } from 'pino';
import { Counter, Gauge } from 'prom-client';
import { listen, type Listener } from '../db/listener.ts';
import { metricsRegistry } from '../metrics/registry.ts';

export const SESSIONS_CHANGED_CHANNEL = 'sessions_changed';
/** The notification that says "forget everything" (TRUNCATE). */
const FORGET_ALL = '*';

/** The last backstop (behind the listener's heartbeat) against notifications lost unseen: entries live this long at most. */
const MAX_AGE_MS = 60_000;
/** Bounds the memory: about half a kilobyte per session. */
const MAX_ENTRIES = 20_000;

interface Entry {
  /** The session as JSON: every request gets an object of its own to change. */
  json: string;
  userId: string;
  /** The row's expire, in ms: past it, the row no longer counts as live (as load_live_session says). */
  expiresAt: number;
  cachedAt: number;
}

/** Every cache in this process: forgetting is always safe, so it is done in all of them. */
const cachesInProcess = new Set<SessionCache>();

/** Forgets the cached sessions of a user in this process (after a commit that ended them). */
export function forgetSessionsOfUser(userId: string): void {
  for (const cache of cachesInProcess) cache.forgetUser(userId);
}

/** PostgreSQL writes a uuid in lower case (the notifications' payload); a session may hold any case. */
const userKey = (userId: string): string => userId.toLowerCase();

/** A load's start: the epoch then, and the time (loads too slow to judge are not kept). */
export interface LoadTicket {
  epoch: number;
  startedAt: number;
}

/** How long a forgetting is remembered for the loads under way; a slower load is not kept. */
const FORGET_LOG_MS = 10_000;

/** Ids with the epoch and time they were last forgotten, oldest first, kept for FORGET_LOG_MS. */
class ForgetLog {
  private readonly forgotten = new Map<string, { epoch: number; at: number }>();

  note(id: string, epoch: number, at: number): void {
    // Deleted first, so the map stays in time order and the oldest can be pruned from its front.
    this.forgotten.delete(id);
    this.forgotten.set(id, { epoch, at });
    for (const [oldest, { at: then }] of this.forgotten) {
      if (at - then < FORGET_LOG_MS) break;
      this.forgotten.delete(oldest);
    }
  }

  /** Whether the id was forgotten after a load that started at this epoch. */
  since(id: string, epoch: number): boolean {
    return (this.forgotten.get(id)?.epoch ?? -1) > epoch;
  }

  clear(): void {
    this.forgotten.clear();
  }
}

export interface LoadedSession {
  sess: { auth?: { userId?: string } } & object;
  expire: Date;
}

export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly sidsOfUser = new Map<string, Set<string>>();
  /** Counts forgettings; a load notes it when it starts (startLoad). */
  private epoch = 0;
  /** Loads started before this epoch are not kept: everything was forgotten since. */
  private floor = 0;
  /** When each session and each user was last forgotten, so a load learns if it was its own. */
  private readonly forgottenKeys = new ForgetLog();
  private readonly forgottenUsers = new ForgetLog();
  private live = false;
  private readonly now: () => number;
  /** Lookups answered from memory, and those that went to the database (read at scrape time). */
  hits = 0;
  misses = 0;

  constructor(now: () => number = Date.now) {
    this.now = now;
    cachesInProcess.add(this);
  }

  /** Whether the invalidation channel is up: only then are sessions served from memory. */
  get listening(): boolean {
    return this.live;
  }

  setListening(live: boolean): void {
    this.forgetAll();
    this.live = live;
  }

  /**
   * The session as the database last said, while that still holds; undefined to ask it.
   * `key` is tenant and sid together: a sid is unique anyway, the tenant makes it plain.
   */
  get(key: string, nowMs: number): string | undefined {
    const entry = this.live ? this.entries.get(key) : undefined;
    if (entry && (entry.expiresAt < nowMs || this.now() - entry.cachedAt > MAX_AGE_MS)) this.drop(key);
    else if (entry) {
      this.hits++;
      return entry.json;
    }
    this.misses++;
    return undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  /** What to give back to remember(): taken before the database is asked. */
  startLoad(): LoadTicket {
    return { epoch: this.epoch, startedAt: this.now() };
  }

  /**
   * Keeps a live session the database returned, unless it (or its user's sessions, or all)
   * was forgotten while the load was under way: the row it read may be gone by now. Only what
   * was forgotten counts, so a burst of other sessions' saves does not stop the caching.
   */
  remember(key: string, load: LoadTicket, session: LoadedSession): void {
    const userId = session.sess.auth?.userId && userKey(session.sess.auth.userId);
    if (!this.live || !userId || load.epoch < this.floor) return;
    // A load slower than the logs remember cannot be judged, so it is not kept either.
    if (this.now() - load.startedAt >= FORGET_LOG_MS) return;
    if (this.forgottenKeys.since(key, load.epoch) || this.forgottenUsers.since(userId, load.epoch)) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.drop(oldest);
    }
    this.entries.set(key, {
      json: JSON.stringify(session.sess),
      userId,
      expiresAt: session.expire.getTime(),
      cachedAt: this.now(),
    });
    let sids = this.sidsOfUser.get(userId);
    if (!sids) this.sidsOfUser.set(userId, (sids = new Set()));
    sids.add(key);
  }

  /** The session changed or ended: forget this copy, and any load of it under way. */
  forgetKey(key: string): void {
    this.forgottenKeys.note(key, ++this.epoch, this.now());
    this.drop(key);
  }

  /** Lets a copy go that is merely old (expired, or the oldest when full): nothing changed. */
  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const sids = this.sidsOfUser.get(entry.userId);
    sids?.delete(key);
    if (sids?.size === 0) this.sidsOfUser.delete(entry.userId);
  }

  forgetUser(userId: string): void {
    const user = userKey(userId);
    this.forgottenUsers.note(user, ++this.epoch, this.now());
    for (const key of this.sidsOfUser.get(user) ?? []) this.entries.delete(key);
    this.sidsOfUser.delete(user);
  }

  forgetAll(): void {
    this.floor = ++this.epoch;
    this.forgottenKeys.clear();
    this.forgottenUsers.clear();
    this.entries.clear();
    this.sidsOfUser.clear();
  }

  /** What a notification on the channel says: a user id, or "*". */
  onNotification(payload: string | undefined): void {
    if (!payload || payload === FORGET_ALL) this.forgetAll();
    else this.forgetUser(payload);
  }

  close(): void {
    this.setListening(false);
    cachesInProcess.delete(this);
  }
}

// Read when Prometheus scrapes, from plain counts: a signed-in page view pays for no metric.
new Counter({
  name: 'okienko_session_cache_lookups_total',
  help: 'Signed-in session loads by where they were answered: hit (memory) or miss (the database)',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    let [hits, misses] = [0, 0];
    for (const cache of cachesInProcess) [hits, misses] = [hits + cache.hits, misses + cache.misses];
    this.inc({ result: 'hit' }, hits);
    this.inc({ result: 'miss' }, misses);
  },
});

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

export interface StartSessionCacheOptions {
  /** The app role's URL: it may LISTEN like any role, and needs nothing more. */
  url: string;
  logger: Logger;
  reconnectAfterMs?: number;
  /** How often the LISTEN connection proves it still hears (listener.ts); a silent one is dropped after two beats. */
  heartbeatMs?: number;
}

const HEARTBEAT_MS = 5_000;

export interface RunningSessionCache {
  cache: SessionCache;
  close(): Promise<void>;
}

/**
 * A cache with its LISTEN connection. While the connection is lost the cache is bypassed
 * (every load asks the database), and it starts empty once it is back: notifications sent
 * meanwhile were never heard.
 */
export async function startSessionCache({
  url,
  logger,
  reconnectAfterMs,
  heartbeatMs = HEARTBEAT_MS,
}: StartSessionCacheOptions): Promise<RunningSessionCache> {
  const cache = new SessionCache();
  let listener: Listener | undefined;
  try {
    listener = await listen({
      url,
      channel: SESSIONS_CHANGED_CHANNEL,
      applicationName: 'okienko session cache',
      logger,
      onNotification: (payload) => cache.onNotification(payload),
      onLost: () => cache.setListening(false),
      onReconnect: () => cache.setListening(true),
      heartbeatMs,
      ...(reconnectAfterMs ? { reconnectAfterMs } : {}),
    });
  } catch (error) {
    cache.close();
    throw error;
  }
  cache.setListening(true);
  return {
    cache,
    close: async () => {
      cache.close();
      await listener?.close();
    },
  };
}
