import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSealedBox, SealedBoxError } from './sealed-box.ts';

const oldKey = randomBytes(32);
const newKey = randomBytes(32);

describe('sealed box', () => {
  it('opens what it sealed, and the ciphertext does not contain the plaintext', () => {
    const box = createSealedBox(newKey);
    const sealed = box.seal('https://portal.example/activate/secret-token', 'mail_outbox:1');
    expect(sealed.toString('latin1')).not.toContain('secret-token');
    expect(box.open(sealed, 'mail_outbox:1')).toBe('https://portal.example/activate/secret-token');
  });

  it('seals the same text differently each time', () => {
    const box = createSealedBox(newKey);
    expect(box.seal('same', 'c').equals(box.seal('same', 'c'))).toBe(false);
  });

  it('refuses a value moved to another record', () => {
    const box = createSealedBox(newKey);
    expect(() => box.open(box.seal('x', 'mail_outbox:1'), 'mail_outbox:2')).toThrow(SealedBoxError);
  });

  it('refuses a tampered value', () => {
    const box = createSealedBox(newKey);
    const sealed = box.seal('amount=10', 'c');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => box.open(sealed, 'c')).toThrow(/failed authentication/);
  });

  it('opens values sealed under the previous key during a rotation, and marks them stale', () => {
    const before = createSealedBox(oldKey);
    const sealed = before.seal('pesel', 'c');
    const during = createSealedBox(newKey, [oldKey]);
    expect(during.open(sealed, 'c')).toBe('pesel');
    expect(during.isStale(sealed)).toBe(true);
    expect(during.isStale(during.seal('pesel', 'c'))).toBe(false);
  });

  it('says which setting is missing when the key is not configured', () => {
    const sealed = createSealedBox(oldKey).seal('x', 'c');
    expect(() => createSealedBox(newKey).open(sealed, 'c')).toThrow(/DATA_KEY_PREVIOUS/);
  });

  it('refuses keys that are not 256 bits', () => {
    expect(() => createSealedBox(randomBytes(16))).toThrow(SealedBoxError);
  });
});
