// The tenant data cache's own rules, without a database: what it keeps, what it hands out, and
// above all what it forgets. (test/housing/overview-cache.test.ts runs it with PostgreSQL's
// notifications, two app instances and every write that changes an overview.)
import { afterEach, describe, expect, it } from 'vitest';
import { forgetTenantInProcess, TenantDataCache } from './tenant-data-cache.ts';

const NOW = Date.parse('2026-12-06T10:00:00Z');
const T1 = 'a1b2c3d4-0000-4000-8000-000000000001';
const T2 = 'a1b2c3d4-0000-4000-8000-000000000002';

const caches: TenantDataCache[] = [];
function listeningCache(now: () => number = () => NOW): TenantDataCache {
  const cache = new TenantDataCache(now);
  cache.setListening(true);
  caches.push(cache);
  return cache;
}

/** Remembers a value as a read that met no forgetting would. */
function load(cache: TenantDataCache, tenantId: string, key: string, value: object): void {
  cache.remember(tenantId, key, cache.startLoad(), value);
}

afterEach(() => {
  for (const cache of caches.splice(0)) cache.close();
});

describe('TenantDataCache', () => {
  it('hands out what was read, frozen, so no request can change what the next one gets', () => {
    const cache = listeningCache();
    load(cache, T1, 'k', { balance: 100, fees: [{ rate: 1 }] });
    const value = cache.get<{ balance: number; fees: { rate: number }[] }>(T1, 'k')!;
    expect(value).toEqual({ balance: 100, fees: [{ rate: 1 }] });
    expect(() => (value.fees[0]!.rate = 2)).toThrow(TypeError);
    expect(cache.get(T1, 'other')).toBeUndefined();
    expect(cache.get(T2, 'k')).toBeUndefined();
  });

  it('keeps nothing and hands out nothing while it cannot hear the notifications', () => {
    const cache = listeningCache();
    load(cache, T1, 'k', { balance: 1 });
    cache.setListening(false);
    expect(cache.get(T1, 'k')).toBeUndefined();
    load(cache, T1, 'k', { balance: 2 });
    cache.setListening(true);
    expect(cache.get(T1, 'k')).toBeUndefined();
  });

  it('does not keep a read under way while its tenant or everything was forgotten', () => {
    const cache = listeningCache();
    const read = cache.startLoad();
    cache.forgetTenant(T1);
    cache.remember(T1, 'k', read, { balance: 1 });
    expect(cache.get(T1, 'k')).toBeUndefined();

    const another = cache.startLoad();
    cache.onNotification('*');
    cache.remember(T1, 'k', another, { balance: 1 });
    expect(cache.get(T1, 'k')).toBeUndefined();
  });

  it("keeps a read under way when only another tenant's data changed", () => {
    const cache = listeningCache();
    const read = cache.startLoad();
    cache.forgetTenant(T2);
    cache.remember(T1, 'k', read, { balance: 1 });
    expect(cache.get(T1, 'k')).toEqual({ balance: 1 });
  });

  it('does not keep a read too slow to judge', () => {
    let now = NOW;
    const cache = listeningCache(() => now);
    const read = cache.startLoad();
    now += 10_000;
    cache.remember(T1, 'k', read, { balance: 1 });
    expect(cache.get(T1, 'k')).toBeUndefined();
  });

  it("forgets a tenant's reads, and only that tenant's, in every cache of the process", () => {
    const [first, second] = [listeningCache(), listeningCache()];
    for (const cache of [first, second]) {
      load(cache, T1, 'k', { balance: 1 });
      load(cache, T2, 'k', { balance: 2 });
    }
    forgetTenantInProcess(T1);
    for (const cache of [first, second]) {
      expect(cache.get(T1, 'k')).toBeUndefined();
      expect(cache.get(T2, 'k')).toEqual({ balance: 2 });
    }
  });

  it('acts on the notifications: a tenant id (in any case) forgets that tenant, "*" forgets all', () => {
    const cache = listeningCache();
    load(cache, T1.toUpperCase(), 'k', { balance: 1 });
    load(cache, T2, 'k', { balance: 2 });
    cache.onNotification(T1);
    expect(cache.get(T1, 'k')).toBeUndefined();
    expect(cache.get(T2, 'k')).toEqual({ balance: 2 });
    cache.onNotification('*');
    expect(cache.get(T2, 'k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('stops handing out a read after a minute in memory', () => {
    let now = NOW;
    const cache = listeningCache(() => now);
    load(cache, T1, 'k', { balance: 1 });
    now += 60_000;
    expect(cache.get(T1, 'k')).toEqual({ balance: 1 });
    now += 1;
    expect(cache.get(T1, 'k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('holds at most its bound, dropping the oldest first', () => {
    const cache = listeningCache();
    for (let i = 0; i <= 5_000; i += 1) load(cache, T1, `k${i}`, { i });
    expect(cache.size).toBe(5_000);
    expect(cache.get(T1, 'k0')).toBeUndefined();
    expect(cache.get(T1, 'k5000')).toEqual({ i: 5_000 });
    cache.forgetTenant(T1);
    expect(cache.size).toBe(0);
  });

  it('counts what it answered from memory and what it did not', () => {
    const cache = listeningCache();
    load(cache, T1, 'k', { balance: 1 });
    cache.get(T1, 'k');
    cache.get(T1, 'missing');
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });
});
