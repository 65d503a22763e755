import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SealedBoxError, UnknownKeyError } from '../../../platform/crypto/sealed-box.ts';
import { blindIndexUnder, createNationalIdProtector, deriveBlindIndexKey, NationalIdError } from './national-id.ts';
import { makePesel } from '../../../lib/pesel.ts';

const KEY = Buffer.alloc(32, 0x11);
const OLD_KEY = Buffer.alloc(32, 0x22);
const OTHER_KEY = Buffer.alloc(32, 0x33);
const TENANT_A = '7d8a3c52-0d4e-4c4f-9a7e-1f2b3c4d5e6f';
const TENANT_B = '0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8';
const PESEL = '44051401359';
const OTHER_PESEL = makePesel({ year: 1990, month: 1, day: 1, serial: 4321 });
const contextOf = (tenant: string, client: string): string => `clients.national_id:${tenant}:${client}`;

const peselArbitrary = fc
  .record({
    date: fc.date({ min: new Date(Date.UTC(1800, 0, 1)), max: new Date(Date.UTC(2299, 11, 31)), noInvalidDate: true }),
    serial: fc.integer({ min: 0, max: 9999 }),
  })
  .map(({ date, serial }) =>
    makePesel({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), serial }),
  );

describe('createNationalIdProtector: sealing', () => {
  const protector = createNationalIdProtector({ dataKey: KEY, previousDataKeys: [] });

  it('opens what it sealed, in the same context', () => {
    const sealed = protector.seal(PESEL, contextOf(TENANT_A, 'client-1'));
    expect(protector.open(sealed, contextOf(TENANT_A, 'client-1'))).toBe(PESEL);
    expect(protector.isStale(sealed)).toBe(false);
  });

  it('does not open in another context (another client or tenant)', () => {
    const sealed = protector.seal(PESEL, contextOf(TENANT_A, 'client-1'));
    expect(() => protector.open(sealed, contextOf(TENANT_A, 'client-2'))).toThrow(SealedBoxError);
    expect(() => protector.open(sealed, contextOf(TENANT_B, 'client-1'))).toThrow(SealedBoxError);
  });

  it('does not open under a key it was not sealed with', () => {
    const sealed = protector.seal(PESEL, 'ctx');
    expect(() => createNationalIdProtector({ dataKey: OTHER_KEY }).open(sealed, 'ctx')).toThrow(UnknownKeyError);
  });

  it('never holds the number in the clear, and seals it differently every time', () => {
    fc.assert(
      fc.property(peselArbitrary, (pesel) => {
        const first = protector.seal(pesel, 'ctx');
        const second = protector.seal(pesel, 'ctx');
        expect(first.includes(Buffer.from(pesel, 'utf8'))).toBe(false);
        expect(first.equals(second)).toBe(false);
        expect(protector.open(second, 'ctx')).toBe(pesel);
      }),
      { numRuns: 100 },
    );
  });

  it('opens values sealed under a previous key and reports them stale', () => {
    const sealedBefore = createNationalIdProtector({ dataKey: OLD_KEY }).seal(PESEL, 'ctx');
    const rotated = createNationalIdProtector({ dataKey: KEY, previousDataKeys: [OLD_KEY] });
    expect(rotated.open(sealedBefore, 'ctx')).toBe(PESEL);
    expect(rotated.isStale(sealedBefore)).toBe(true);
    expect(rotated.isStale(rotated.seal(PESEL, 'ctx'))).toBe(false);
  });

  it('seals only the canonical 11 digits, and does not repeat the input in its error', () => {
    for (const input of [' 44051401359', '4405140135', '４４０５１４０１３５９', '44051401359 ']) {
      expect(() => protector.seal(input, 'ctx')).toThrow(NationalIdError);
      try {
        protector.seal(input, 'ctx');
      } catch (error) {
        expect((error as Error).message).not.toContain(input.trim());
      }
    }
  });
});

describe('createNationalIdProtector: blind index', () => {
  const protector = createNationalIdProtector({ dataKey: KEY });

  it('is 32 bytes, the same for the same tenant and PESEL', () => {
    const index = protector.blindIndex(TENANT_A, PESEL);
    expect(index).toHaveLength(32);
    expect(protector.blindIndex(TENANT_A, PESEL).equals(index)).toBe(true);
    expect(createNationalIdProtector({ dataKey: KEY }).blindIndex(TENANT_A, PESEL).equals(index)).toBe(true);
  });

  it('differs between tenants, between numbers and between keys', () => {
    const index = protector.blindIndex(TENANT_A, PESEL);
    expect(protector.blindIndex(TENANT_B, PESEL).equals(index)).toBe(false);
    expect(protector.blindIndex(TENANT_A, OTHER_PESEL).equals(index)).toBe(false);
    expect(createNationalIdProtector({ dataKey: OTHER_KEY }).blindIndex(TENANT_A, PESEL).equals(index)).toBe(false);
  });

  it('is always under the current key, whatever keys are still accepted for opening', () => {
    const rotating = createNationalIdProtector({ dataKey: KEY, previousDataKeys: [OLD_KEY] });
    expect(rotating.blindIndex(TENANT_A, PESEL).equals(protector.blindIndex(TENANT_A, PESEL))).toBe(true);
  });

  it('gives no two tenants or numbers the same index (sampled)', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), peselArbitrary, peselArbitrary, (tenant1, tenant2, pesel1, pesel2) => {
        fc.pre(tenant1 !== tenant2 || pesel1 !== pesel2);
        expect(protector.blindIndex(tenant1, pesel1).equals(protector.blindIndex(tenant2, pesel2))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('uses a key derived for this purpose, not DATA_KEY itself', () => {
    const indexKey = deriveBlindIndexKey(KEY);
    expect(indexKey).toHaveLength(32);
    expect(indexKey.equals(KEY)).toBe(false);
    expect(deriveBlindIndexKey(OLD_KEY).equals(indexKey)).toBe(false);
    const underDataKey = createHmac('sha256', KEY).update(TENANT_A).update(PESEL).digest();
    expect(protector.blindIndex(TENANT_A, PESEL).equals(underDataKey)).toBe(false);
  });

  it('can be computed under an old and a new key, for data-key:rotate', () => {
    expect(blindIndexUnder(KEY, TENANT_A, PESEL).equals(protector.blindIndex(TENANT_A, PESEL))).toBe(true);
    const beforeRotation = createNationalIdProtector({ dataKey: OLD_KEY }).blindIndex(TENANT_A, PESEL);
    expect(blindIndexUnder(OLD_KEY, TENANT_A, PESEL).equals(beforeRotation)).toBe(true);
    expect(blindIndexUnder(OLD_KEY, TENANT_A, PESEL).equals(blindIndexUnder(KEY, TENANT_A, PESEL))).toBe(false);
  });

  it('indexes only the canonical 11 digits, so a padded copy cannot slip past uniqueness', () => {
    for (const input of [' 44051401359', '44051401359\n', '４４０５１４０１３５９', '']) {
      expect(() => protector.blindIndex(TENANT_A, input)).toThrow(NationalIdError);
    }
    expect(() => protector.blindIndex('', PESEL)).toThrow(NationalIdError);
  });

  it('refuses data keys that are not 32 bytes', () => {
    expect(() => createNationalIdProtector({ dataKey: Buffer.alloc(16) })).toThrow();
    expect(() => blindIndexUnder(Buffer.alloc(31), TENANT_A, PESEL)).toThrow(NationalIdError);
  });

  it('looks a PESEL up under the current key first, then under the previous one during a rotation', () => {
    const [oldKey, newKey] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    const during = createNationalIdProtector({ dataKey: newKey, previousDataKeys: [oldKey] });
    expect(during.lookupIndexes(TENANT_A, PESEL)).toEqual([
      blindIndexUnder(newKey, TENANT_A, PESEL),
      blindIndexUnder(oldKey, TENANT_A, PESEL),
    ]);
    expect(createNationalIdProtector({ dataKey: newKey }).lookupIndexes(TENANT_A, PESEL)).toHaveLength(1);
  });
});
