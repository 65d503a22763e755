import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchRecoveryCode, newRecoveryCodes, RECOVERY_CODE_COUNT } from './recovery-codes.ts';

const FORMAT = /^[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}$/;

describe('new recovery codes', () => {
  const { codes, hashes } = newRecoveryCodes();

  it('are ten different codes in three groups of five, without look-alike characters', () => {
    expect(RECOVERY_CODE_COUNT).toBe(10);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(FORMAT);
      expect(code).not.toMatch(/[01oil]/);
    }
  });

  it('draw on 31 characters, so each code carries 15 · log2(31) ≈ 74 bits', () => {
    // 3,000 characters: a character of the 31 missing from all of them is a 1-in-10^40 chance.
    const seen = new Set(
      Array.from({ length: 20 }, () => newRecoveryCodes().codes.join('').replaceAll('-', '')).join(''),
    );
    expect([...seen].sort().join('')).toBe('23456789abcdefghjkmnpqrstuvwxyz');
    expect(15 * Math.log2(seen.size)).toBeGreaterThan(60);
  });

  it('come with one hash each, which does not contain or plainly hash the code', () => {
    expect(hashes).toHaveLength(10);
    expect(new Set(hashes).size).toBe(10);
    hashes.forEach((hash, i) => {
      expect(hash).toMatch(/^[\w-]{43}$/);
      const code = codes[i]!;
      expect(hash).not.toContain(code.replaceAll('-', ''));
      for (const form of [code, code.replaceAll('-', '')])
        expect(hash).not.toBe(createHash('sha256').update(form).digest('base64url'));
    });
  });

  it('differ from one call to the next', () => {
    const again = newRecoveryCodes();
    expect(again.codes.filter((code) => codes.includes(code))).toEqual([]);
    expect(again.hashes.filter((hash) => hashes.includes(hash))).toEqual([]);
  });
});

describe('matching a typed recovery code', () => {
  const { codes, hashes } = newRecoveryCodes();

  it('finds each code’s index', () => {
    codes.forEach((code, i) => expect(matchRecoveryCode(code, hashes)).toBe(i));
  });

  it('ignores case, spaces and dashes, as people copy and type it', () => {
    const code = codes[3]!;
    const bare = code.replaceAll('-', '');
    for (const typed of [
      code.toUpperCase(),
      bare,
      ` ${code} `,
      code.replaceAll('-', ' '),
      code.replaceAll('-', '\u2013'), // en dash, from a word processor
      bare.replace(/(.)/g, '$1 '),
      `${bare.slice(0, 7)}-${bare.slice(7)}`.toUpperCase(),
      `${code}\n`,
    ]) {
      expect(matchRecoveryCode(typed, hashes), JSON.stringify(typed)).toBe(3);
    }
  });

  it('finds nothing for a wrong code, a near miss, or what cannot be a code', () => {
    const code = codes[0]!;
    const changed = code.replace(/^./, (first) => (first === 'a' ? 'b' : 'a'));
    const other = newRecoveryCodes().codes[0]!;
    for (const typed of [
      changed,
      other,
      code.slice(0, -1),
      `${code}a`,
      code.replace(/^./, '0'),
      code.replace(/^./, 'o'),
      code.replace(/^./, '_'),
      '',
      ' - ',
      `${code} ${code}`,
      code.repeat(100),
    ]) {
      expect(matchRecoveryCode(typed, hashes), JSON.stringify(typed)).toBeUndefined();
    }
  });

  it('finds nothing among no hashes, another person’s, or ones not of a code', () => {
    expect(matchRecoveryCode(codes[0]!, [])).toBeUndefined();
    expect(matchRecoveryCode(codes[0]!, newRecoveryCodes().hashes)).toBeUndefined();
    expect(matchRecoveryCode(codes[0]!, ['', 'not a hash', hashes[0]!.slice(0, 20)])).toBeUndefined();
  });

  it('answers the index within the hashes the caller passes, such as those still unused', () => {
    const unused = hashes.filter((_, i) => i !== 2);
    expect(matchRecoveryCode(codes[2]!, unused)).toBeUndefined();
    expect(matchRecoveryCode(codes[5]!, unused)).toBe(4);
  });
});
