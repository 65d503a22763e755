import { describe, expect, it } from 'vitest';
import { calendarDayIn } from '../../../lib/zoned-date.ts';
import { entitlementsOn, passStanding, reducedPriceOpen, validityFrom } from './pass-rules.ts';
import type { Entitlement, Pass, PassType } from './passes.types.ts';

const TYPE: PassType = {
  id: 't',
  cardTypeId: 'c',
  code: 'karnet',
  name: 'Karnet',
  facility: 'Pływalnia',
  price: 12_000,
  reducedPrice: 6_000,
  reducedFor: 'student',
  reducedLeft: null,
  validityDays: 30,
  entries: null,
  onSale: true,
};

const entitlement = (kind: Entitlement['kind'], validUntil: string, recordedAt: string): Entitlement => ({
  id: recordedAt,
  clientId: 'k',
  kind,
  validUntil,
  recordedAt: new Date(recordedAt),
});

describe('validityFrom', () => {
  it('counts calendar days in Warsaw across the spring and autumn clock changes', () => {
    // Paid at 00:30 on 28 March 2027 in Warsaw (23:30 UTC the day before): the clocks go forward that night.
    const paidOn = calendarDayIn('Europe/Warsaw', new Date('2027-03-27T23:30:00Z'));
    expect(paidOn).toBe('2027-03-28');
    expect(validityFrom(TYPE, paidOn)).toEqual({ from: '2027-03-28', until: '2027-04-26' });
    // At 23:30 on 30 October 2027 in Warsaw (21:30 UTC): the clocks go back that night.
    const autumn = calendarDayIn('Europe/Warsaw', new Date('2027-10-30T21:30:00Z'));
    expect(validityFrom({ validityDays: 1 }, autumn)).toEqual({ from: '2027-10-30', until: '2027-10-30' });
    expect(validityFrom({ validityDays: 2 }, autumn)).toEqual({ from: '2027-10-30', until: '2027-10-31' });
  });

  it('runs to the end of February in a leap year, and has no last day for a pass of entries alone', () => {
    expect(validityFrom(TYPE, '2028-02-01')).toEqual({ from: '2028-02-01', until: '2028-03-01' });
    expect(validityFrom({ validityDays: null }, '2028-02-01')).toEqual({ from: '2028-02-01', until: null });
  });
});

describe('entitlementsOn', () => {
  it('counts the latest recorded of each kind, through its last day', () => {
    const recorded = [
      entitlement('student', '2027-06-30', '2026-12-01T10:00:00Z'),
      entitlement('senior', '2026-12-14', '2026-12-01T10:00:00Z'),
      // Recorded again with an earlier day: the entitlement ended.
      entitlement('student', '2026-12-10', '2026-12-12T10:00:00Z'),
    ];
    expect(entitlementsOn(recorded, '2026-12-09')).toEqual(new Set(['student', 'senior']));
    expect(entitlementsOn(recorded, '2026-12-14')).toEqual(new Set(['senior']));
    expect(entitlementsOn(recorded, '2026-12-15')).toEqual(new Set());
  });
});

describe('reducedPriceOpen', () => {
  it('is open to the entitled while any is left', () => {
    expect(reducedPriceOpen(TYPE, new Set(['student']))).toBe(true);
    expect(reducedPriceOpen(TYPE, new Set(['senior']))).toBe(false);
    expect(reducedPriceOpen({ ...TYPE, reducedLeft: 1 }, new Set(['student']))).toBe(true);
    expect(reducedPriceOpen({ ...TYPE, reducedLeft: 0 }, new Set(['student']))).toBe(false);
    expect(reducedPriceOpen({ ...TYPE, reducedPrice: null, reducedFor: null }, new Set(['student']))).toBe(false);
  });
});

describe('passStanding', () => {
  const pass: Pass = {
    id: 'p',
    passTypeId: 't',
    cardId: 'c',
    state: 'valid',
    price: 12_000,
    reduced: false,
    chargeEntryId: 'e',
    validFrom: '2026-12-15',
    validUntil: '2027-01-13',
    entriesLeft: 3,
    boughtAt: new Date(),
    paidAt: new Date(),
  };

  it('lets in through the last day while entries are left', () => {
    expect(passStanding(pass, '2027-01-13')).toBe('usable');
    expect(passStanding(pass, '2027-01-14')).toBe('expired');
    expect(passStanding({ ...pass, entriesLeft: 0 }, '2026-12-20')).toBe('usedUp');
    expect(passStanding({ ...pass, validUntil: null, entriesLeft: null }, '2030-01-01')).toBe('usable');
    expect(passStanding({ ...pass, state: 'unpaid' }, '2026-12-20')).toBe('unpaid');
    expect(passStanding({ ...pass, state: 'cancelled' }, '2026-12-20')).toBe('cancelled');
  });
});
