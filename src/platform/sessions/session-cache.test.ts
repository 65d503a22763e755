// The session cache's own rules, without a database: what it keeps, what it hands out, and
// above all what it forgets. (test/http/session-cache.test.ts runs it with PostgreSQL's
// notifications and two app instances.)
import { afterEach, describe, expect, it } from 'vitest';
import { forgetSessionsOfUser, SessionCache, type LoadedSession } from './session-cache.ts';

const NOW = Date.parse('2026-12-02T10:00:00Z');
const HOUR = 3_600_000;

function sessionOf(userId: string | undefined, name = 'Ala'): LoadedSession {
  const sess: LoadedSession['sess'] = userId ? ({ auth: { userId, name } } as LoadedSession['sess']) : {};
  return { sess, expire: new Date(NOW + HOUR) };
}

const caches: SessionCache[] = [];
function listeningCache(now: () => number = () => NOW): SessionCache {
  const cache = new SessionCache(now);
  cache.setListening(true);
  caches.push(cache);
  return cache;
}

/** Remembers a session as a load that met no forgetting would. */
function load(cache: SessionCache, key: string, session: LoadedSession): void {
  cache.remember(key, cache.startLoad(), session);
}

afterEach(() => {
  for (const cache of caches.splice(0)) cache.close();
});

describe('SessionCache', () => {
  it('hands out what the database returned, as a copy of its own for each request', () => {
    const cache = listeningCache();
    load(cache, 't s1', sessionOf('u1'));
    const first = JSON.parse(cache.get('t s1', NOW)!) as { auth: { name: string } };
    first.auth.name = 'changed by a request';
    expect(JSON.parse(cache.get('t s1', NOW)!)).toEqual({ auth: { userId: 'u1', name: 'Ala' } });
  });

  it('keeps nothing and hands out nothing while it cannot hear the notifications', () => {
    const cache = listeningCache();
    load(cache, 't s1', sessionOf('u1'));
    cache.setListening(false);
    expect(cache.get('t s1', NOW)).toBeUndefined();
    load(cache, 't s2', sessionOf('u2'));
    cache.setListening(true);
    // Back: it starts empty, as what was sent meanwhile was never heard.
    expect(cache.get('t s1', NOW)).toBeUndefined();
    expect(cache.get('t s2', NOW)).toBeUndefined();
  });

  it('does not keep a load under way while its session, its user or everything was forgotten', () => {
    const cache = listeningCache();
    const [beforeSignOut, beforeSave, beforeReconnect] = [cache.startLoad(), cache.startLoad(), cache.startLoad()];
    forgetSessionsOfUser('u1');
    cache.remember('t s1', beforeSignOut, sessionOf('u1'));
    cache.forgetKey('t s2');
    cache.remember('t s2', beforeSave, sessionOf('u2'));
    expect([cache.get('t s1', NOW), cache.get('t s2', NOW)]).toEqual([undefined, undefined]);
    cache.forgetAll();
    cache.remember('t s3', beforeReconnect, sessionOf('u3'));
    expect(cache.get('t s3', NOW)).toBeUndefined();
    // A load begun after it is kept.
    load(cache, 't s1', sessionOf('u1'));
    expect(cache.get('t s1', NOW)).toBeDefined();
  });

  it("keeps a load under way when only other sessions were forgotten (a burst of others' saves)", () => {
    const cache = listeningCache();
    const started = cache.startLoad();
    for (let i = 0; i < 100; i++) {
      cache.forgetKey(`t other${i}`);
      forgetSessionsOfUser(`someone-else-${i}`);
    }
    cache.remember('t s1', started, sessionOf('u1'));
    expect(cache.get('t s1', NOW)).toBeDefined();
  });

  it('does not keep a load too slow to judge', () => {
    let realNow = NOW;
    const cache = listeningCache(() => realNow);
    const started = cache.startLoad();
    realNow += 10_000;
    cache.remember('t s1', started, sessionOf('u1'));
    expect(cache.get('t s1', NOW)).toBeUndefined();
  });

  it("forgets every session of a user, and only that user's, in every cache of the process", () => {
    const [web, other] = [listeningCache(), listeningCache()];
    load(web, 't s1', sessionOf('u1'));
    load(web, 't s2', sessionOf('u1'));
    load(web, 't s3', sessionOf('u2'));
    load(other, 'x s4', sessionOf('u1'));
    forgetSessionsOfUser('u1');
    expect([web.get('t s1', NOW), web.get('t s2', NOW), other.get('x s4', NOW)]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(web.get('t s3', NOW)).toBeDefined();
  });

  it('acts on the notifications: a user id forgets that user, "*" forgets everyone', () => {
    const cache = listeningCache();
    load(cache, 't s1', sessionOf('u1'));
    load(cache, 't s2', sessionOf('u2'));
    cache.onNotification('u1');
    expect(cache.get('t s1', NOW)).toBeUndefined();
    expect(cache.get('t s2', NOW)).toBeDefined();
    cache.onNotification('*');
    expect(cache.get('t s2', NOW)).toBeUndefined();
  });

  it("matches a user id whatever its case (PostgreSQL's notifications write uuids in lower case)", () => {
    const cache = listeningCache();
    load(cache, 't s1', sessionOf('6F1C2B9A-0000-4000-8000-00000000000A'));
    cache.onNotification('6f1c2b9a-0000-4000-8000-00000000000a');
    expect(cache.get('t s1', NOW)).toBeUndefined();
  });

  it('stops handing out a session once its row would have expired, or after a minute in memory', () => {
    let realNow = NOW;
    const cache = listeningCache(() => realNow);
    load(cache, 't s1', sessionOf('u1'));
    expect(cache.get('t s1', NOW + HOUR)).toBeDefined();
    expect(cache.get('t s1', NOW + HOUR + 1)).toBeUndefined();
    load(cache, 't s2', sessionOf('u2'));
    realNow += 61_000;
    expect(cache.get('t s2', NOW)).toBeUndefined();
  });

  it('keeps no session without a signed-in user (nothing would tell it to forget one)', () => {
    const cache = listeningCache();
    load(cache, 't s1', sessionOf(undefined));
    expect(cache.get('t s1', NOW)).toBeUndefined();
  });

  it('holds at most its bound, dropping the oldest first', () => {
    const cache = listeningCache();
    for (let i = 0; i <= 20_000; i++) load(cache, `t s${i}`, sessionOf(`u${i}`));
    expect(cache.get('t s0', NOW)).toBeUndefined();
    expect(cache.get('t s1', NOW)).toBeDefined();
    expect(cache.get('t s20000', NOW)).toBeDefined();
  });
});
