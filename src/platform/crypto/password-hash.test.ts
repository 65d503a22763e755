import argon2 from 'argon2';
import { describe, expect, it } from 'vitest';
import { passwordHashVerifications } from '../metrics/registry.ts';
import {
  DUMMY_PASSWORD_HASH,
  MAX_PASSWORD_BYTES,
  PASSWORD_HASH_PARAMS,
  Semaphore,
  createPasswordHasher,
  defaultPasswordHashConcurrency,
  hashPassword,
  verifyAgainstDummy,
  verifyPassword,
  type Argon2Engine,
} from './password-hash.ts';

const verifications = async (): Promise<number> => (await passwordHashVerifications.get()).values[0]?.value ?? 0;

/** Real argon2 that records how many calls are in flight at once. */
function watchedArgon2(): { engine: Argon2Engine; maxInFlight: () => number; calls: () => number } {
  let inFlight = 0;
  let max = 0;
  let calls = 0;
  const watch = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight += 1;
    calls += 1;
    max = Math.max(max, inFlight);
    try {
      return await work();
    } finally {
      inFlight -= 1;
    }
  };
  return {
    engine: {
      hash: (password, options) => watch(() => argon2.hash(password, options)),
      verify: (hash, password) => watch(() => argon2.verify(hash, password)),
      needsRehash: (hash, options) => argon2.needsRehash(hash, options),
    },
    maxInFlight: () => max,
    calls: () => calls,
  };
}

describe('hashPassword and verifyPassword', () => {
  it('hashes with argon2id at m=19 MiB, t=2, p=1 and verifies the right password only', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(hash).toMatch(/m=19456/);
    expect(hash).toMatch(/t=2/);
    expect(hash).toMatch(/p=1/);
    expect(await verifyPassword(hash, 'correct horse battery')).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword(hash, 'correct horse batterY')).toEqual({ ok: false, needsRehash: false });
  });

  it('uses the password exactly as given: a trailing or leading space matters', async () => {
    const hash = await hashPassword('Vq7#xK9$mQ2p ');
    expect((await verifyPassword(hash, 'Vq7#xK9$mQ2p ')).ok).toBe(true);
    expect((await verifyPassword(hash, 'Vq7#xK9$mQ2p')).ok).toBe(false);
    expect((await verifyPassword(hash, ' Vq7#xK9$mQ2p')).ok).toBe(false);
  });

  it('treats the composed and decomposed forms of a letter as the same password (NFC)', async () => {
    const hash = await hashPassword('Zażółć gęślą'.normalize('NFD'));
    expect((await verifyPassword(hash, 'Zażółć gęślą'.normalize('NFC'))).ok).toBe(true);
  });

  it('asks for a rehash when the stored hash has other parameters, only once the password is right', async () => {
    const older = await argon2.hash('Vq7#xK9$mQ2p', { ...PASSWORD_HASH_PARAMS, timeCost: 3 });
    expect(await verifyPassword(older, 'Vq7#xK9$mQ2p')).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword(older, 'wrong')).toEqual({ ok: false, needsRehash: false });
    const otherType = await argon2.hash('Vq7#xK9$mQ2p', { ...PASSWORD_HASH_PARAMS, type: argon2.argon2i });
    expect(await verifyPassword(otherType, 'Vq7#xK9$mQ2p')).toEqual({ ok: true, needsRehash: true });
  });

  it('refuses to hash what no policy allows, and fails such a verification without computing', async () => {
    const huge = 'x'.repeat(MAX_PASSWORD_BYTES + 1);
    await expect(hashPassword(huge)).rejects.toThrow(RangeError);
    const before = await verifications();
    expect(await verifyPassword(DUMMY_PASSWORD_HASH, huge)).toEqual({ ok: false, needsRehash: false });
    expect(await verifications()).toBe(before);
  });
});

describe('verifyAgainstDummy', () => {
  it('uses a hash with the current parameters, so it costs what a real verification costs', async () => {
    expect(DUMMY_PASSWORD_HASH.startsWith('$argon2id$v=19$')).toBe(true);
    expect(argon2.needsRehash(DUMMY_PASSWORD_HASH, PASSWORD_HASH_PARAMS)).toBe(false);
    expect(await verifyAgainstDummy('anything')).toBe(false);
  });
});

describe('the verification counter', () => {
  it('goes up once per verification computed, and not for hashing', async () => {
    const hasher = createPasswordHasher({ concurrency: 2 });
    const hash = await hasher.hashPassword('Vq7#xK9$mQ2p');
    const before = await verifications();
    await hasher.verifyPassword(hash, 'Vq7#xK9$mQ2p');
    expect(await verifications()).toBe(before + 1);
    await hasher.verifyPassword(hash, 'wrong');
    await hasher.verifyAgainstDummy('whoever');
    expect(await verifications()).toBe(before + 3);
  });
});

describe('bounded concurrency', () => {
  it('with a limit of 1, concurrent verifications and hashes never overlap', async () => {
    const watched = watchedArgon2();
    const hasher = createPasswordHasher({ concurrency: 1, engine: watched.engine });
    const hash = await hasher.hashPassword('Vq7#xK9$mQ2p');
    const results = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => hasher.verifyPassword(hash, i % 2 ? 'Vq7#xK9$mQ2p' : 'wrong')),
      hasher.hashPassword('another one'),
      hasher.verifyAgainstDummy('nobody'),
    ]);
    expect(watched.calls()).toBe(8);
    expect(watched.maxInFlight()).toBe(1);
    expect(results.slice(0, 5).map((r) => (r as { ok: boolean }).ok)).toEqual([false, true, false, true, false]);
    expect(hasher.queue.active).toBe(0);
  });

  it('runs up to the limit at once and starts the waiting ones in arrival order', async () => {
    const started: string[] = [];
    const release = new Map<string, (ok: boolean) => void>();
    const engine: Argon2Engine = {
      hash: async () => '$argon2id$v=19$m=19456,t=2,p=1$x$y',
      verify: (_hash, password) => {
        started.push(password);
        return new Promise((resolve) => release.set(password, resolve));
      },
      needsRehash: () => false,
    };
    const hasher = createPasswordHasher({ concurrency: 2, engine });
    const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
    const pending = ['a', 'b', 'c', 'd', 'e'].map((p) => hasher.verifyPassword('$argon2id$v=19$x', p));
    await settle();
    expect(started).toEqual(['a', 'b']);
    expect(hasher.queue.active).toBe(2);
    expect(hasher.queue.waiting).toBe(3);

    release.get('b')!(true);
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    release.get('a')!(false);
    await settle();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    for (const p of ['c', 'd']) release.get(p)!(false);
    await settle();
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(hasher.queue.active).toBe(1);
    release.get('e')!(true);
    const results = await Promise.all(pending);
    expect(results.map((r) => r.ok)).toEqual([false, true, false, false, true]);
    expect(hasher.queue.active).toBe(0);
    expect(hasher.queue.waiting).toBe(0);
  });

  it('frees the slot when the work fails', async () => {
    const queue = new Semaphore(1);
    await expect(queue.run(() => Promise.reject(new Error('bad hash')))).rejects.toThrow('bad hash');
    expect(queue.active).toBe(0);
    expect(await queue.run(async () => 'next')).toBe('next');
  });

  it('defaults to one slot fewer than the cores, at least one', () => {
    expect(defaultPasswordHashConcurrency()).toBeGreaterThanOrEqual(1);
    expect(() => new Semaphore(0)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
  });

  it('hashes any password the policy accepts, however it was typed: the length is measured after NFC', async () => {
    const decomposed = '한'.repeat(128).normalize('NFD');
    expect(Buffer.byteLength(decomposed)).toBeGreaterThan(MAX_PASSWORD_BYTES);
    const hash = await hashPassword(decomposed);
    expect((await verifyPassword(hash, '한'.repeat(128))).ok).toBe(true);
  });
});
