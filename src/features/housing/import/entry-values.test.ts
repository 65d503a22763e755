import { describe, expect, it } from 'vitest';
import { readAmount, readDate, readEntryKind, readFund, readText, unreadableCharacterIn } from './entry-values.ts';

const NBSP = '\u00a0';
const NARROW_NBSP = '\u202f';

describe('readAmount', () => {
  it.each([
    ['1 234,56', 123456],
    ['1234,56', 123456],
    ['1234.56', 123456],
    ['1 234.56', 123456],
    ['1234', 123400],
    [`1${NBSP}234,56`, 123456],
    [`1${NARROW_NBSP}234,56`, 123456],
    [`12${NBSP}345${NBSP}678,90`, 1234567890],
    ['12,5', 1250],
    ['0,01', 1],
    ['  350,00 ', 35000],
  ])('reads %j as %i grosze', (cell, grosze) => {
    expect(readAmount(cell, false)).toEqual({ ok: true, value: grosze });
  });

  it.each([
    ['12,345', 'badAmount'],
    ['1e3', 'badAmount'],
    ['12.3.4', 'badAmount'],
    ['1,234.56', 'badAmount'],
    ['1.234,56', 'badAmount'],
    ['12 34', 'badAmount'],
    ['+5', 'badAmount'],
    ['12 zł', 'badAmount'],
    ['12,', 'badAmount'],
    [',5', 'badAmount'],
    ['Infinity', 'badAmount'],
    ['', 'missingValue'],
    ['   ', 'missingValue'],
    ['-5', 'negativeAmount'],
    ['\u22125', 'negativeAmount'],
    ['0', 'zeroAmount'],
    ['0,00', 'zeroAmount'],
    ['100 000 000,00', 'amountTooLarge'],
  ])('refuses %j for a charge, a payment or an allowance (%s)', (cell, problem) => {
    expect(readAmount(cell, false)).toEqual({ ok: false, problem });
  });

  it.each([
    ['-5', -500],
    ['-1 234,56', -123456],
    ['\u2212120,50', -12050],
    ['250,00', 25000],
  ])('reads %j as %i grosze for an opening balance', (cell, grosze) => {
    expect(readAmount(cell, true)).toEqual({ ok: true, value: grosze });
  });

  it.each([
    ['- 5', 'badAmount'],
    ['--5', 'badAmount'],
    ['-', 'badAmount'],
    ['-1e3', 'badAmount'],
    ['-12,345', 'badAmount'],
    ['-0', 'zeroAmount'],
    ['0', 'zeroAmount'],
  ])('refuses %j for an opening balance (%s)', (cell, problem) => {
    expect(readAmount(cell, true)).toEqual({ ok: false, problem });
  });
});

describe('readDate', () => {
  it.each([
    ['2026-01-31', '2026-01-31'],
    ['31.01.2026', '2026-01-31'],
    ['1.02.2026', '2026-02-01'],
    ['1.2.2026', '2026-02-01'],
    ['29.02.2028', '2028-02-29'],
    [' 2026-12-31 ', '2026-12-31'],
  ])('reads %j as %s', (cell, day) => {
    expect(readDate(cell)).toEqual({ ok: true, value: day });
  });

  it.each([
    '31.02.2026',
    '2026-02-31',
    '29.02.2026',
    '2026-13-01',
    '00.01.2026',
    '31-01-2026',
    '01/31/2026',
    '31.01.26',
    '2026-1-31',
    '2026-01-31 00:00:00',
    '2026-01-31T00:00:00Z',
    '0026-01-31',
    '31 stycznia 2026',
  ])('refuses %j', (cell) => {
    expect(readDate(cell)).toEqual({ ok: false, problem: 'badDate' });
  });

  it('calls an empty cell a missing value', () => {
    expect(readDate(' ')).toEqual({ ok: false, problem: 'missingValue' });
  });
});

describe('readFund and readEntryKind', () => {
  it.each([
    ['maintenance', 'maintenance'],
    ['eksploatacja', 'maintenance'],
    ['Eksploatacja', 'maintenance'],
    ['repair_fund', 'repair_fund'],
    ['fundusz_remontowy', 'repair_fund'],
    ['Fundusz remontowy', 'repair_fund'],
  ])('reads the fund %j as %s', (cell, fund) => {
    expect(readFund(cell)).toEqual({ ok: true, value: fund });
  });

  it.each([
    ['charge', 'charge'],
    ['naliczenie', 'charge'],
    ['payment', 'payment'],
    ['wplata', 'payment'],
    ['wpłata', 'payment'],
    ['WPŁATA', 'payment'],
    ['allowance', 'allowance'],
    ['bonifikata', 'allowance'],
    ['dodatek', 'allowance'],
    ['opening_balance', 'opening_balance'],
    ['bilans_otwarcia', 'opening_balance'],
    ['Bilans otwarcia', 'opening_balance'],
  ])('reads the kind %j as %s', (cell, kind) => {
    expect(readEntryKind(cell)).toEqual({ ok: true, value: kind });
  });

  it('names what it does not know', () => {
    expect(readFund('fundusz')).toEqual({ ok: false, problem: 'unknownFund' });
    expect(readFund('constructor')).toEqual({ ok: false, problem: 'unknownFund' });
    expect(readEntryKind('correction')).toEqual({ ok: false, problem: 'unknownKind' });
    expect(readEntryKind('')).toEqual({ ok: false, problem: 'missingValue' });
  });
});

describe('readText', () => {
  it('trims and counts characters, not UTF-16 units', () => {
    expect(readText('  Lokal 12/3  ', 50)).toEqual({ ok: true, value: 'Lokal 12/3' });
    expect(readText('ż'.repeat(200), 200)).toEqual({ ok: true, value: 'ż'.repeat(200) });
    expect(readText('🏠'.repeat(200), 200)).toEqual({ ok: true, value: '🏠'.repeat(200) });
    expect(readText('x'.repeat(201), 200)).toEqual({ ok: false, problem: 'tooLong' });
    expect(readText('  ', 200)).toEqual({ ok: false, problem: 'missingValue' });
  });

  it('makes a decomposed letter the same text as a composed one', () => {
    expect(readText('NK/Wpła\u0301ta', 100)).toEqual(readText('NK/Wpłáta', 100));
  });
});

describe('unreadableCharacterIn', () => {
  it.each(['a\u0000b', 'a\tb', 'a\nb', 'a\rb', '\u007f', '\u0085', 'a\u202eb', '\u200b', 'a\u2028b'])(
    'refuses %j',
    (cell) => {
      expect(unreadableCharacterIn(cell)).toBe('controlCharacter');
    },
  );

  it('tells an undecodable byte from a control character', () => {
    expect(unreadableCharacterIn('Op\ufffdata')).toBe('badEncoding');
  });

  it('lets letters, symbols and the spaces of Polish numbers through', () => {
    expect(unreadableCharacterIn(`Opłata „za lokal” – 1${NBSP}234${NARROW_NBSP}zł €`)).toBeUndefined();
  });
});
