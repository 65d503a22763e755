import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyedHash } from './keyed-hash.ts';

describe('keyed hash', () => {
  const key = randomBytes(32);

  it('is stable for a key and purpose, and differs across purposes and keys', () => {
    const hash = createKeyedHash(key, 'rate-limit:email');
    expect(hash('a@example.test')).toBe(hash('a@example.test'));
    expect(hash('a@example.test')).not.toBe(hash('b@example.test'));
    expect(createKeyedHash(key, 'other')('a@example.test')).not.toBe(hash('a@example.test'));
    expect(createKeyedHash(randomBytes(32), 'rate-limit:email')('a@example.test')).not.toBe(hash('a@example.test'));
  });

  it('cannot be checked against a guess without the key', () => {
    const guess = createHash('sha256').update('a@example.test').digest('base64url');
    expect(createKeyedHash(key, 'rate-limit:email')('a@example.test')).not.toBe(guess);
  });
});
