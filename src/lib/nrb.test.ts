import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNrb, isValidNrb, normaliseNrb, nrbFromTemplate, type NrbTemplate } from './nrb.ts';

// Published examples: a bank's specimen, mBank's, and the one in ZBP's "Standard 2D".
const PUBLISHED = ['61109010140000071219812874', '27114020040000300201355387', '92124012340001567890123456'];

/**
 * The ISO 7064 remainder worked out in one BigInt, not folded as nrb.ts does it, so that the
 * two ways check each other: "PL" (25 21) and the check digits moved to the end.
 */
const remainderOf = (nrb: string): bigint => BigInt(`${nrb.slice(2)}2521${nrb.slice(0, 2)}`) % 97n;

/** A valid NRB for any 24 digits, its check digits computed the BigInt way. */
const withCheckDigits = (rest: string): string =>
  `${String(98n - (BigInt(`${rest}252100`) % 97n)).padStart(2, '0')}${rest}`;

const anyNrb = fc.stringMatching(/^[0-9]{24}$/).map(withCheckDigits);

describe('isValidNrb and normaliseNrb', () => {
  it.each(PUBLISHED)('accept the published number %s, whose remainder is 1', (nrb) => {
    expect(remainderOf(nrb)).toBe(1n);
    expect(isValidNrb(nrb)).toBe(true);
    expect(normaliseNrb(nrb)).toBe(nrb);
  });

  it.each([
    ['61 1090 1014 0000 0712 1981 2874', '61109010140000071219812874'],
    ['PL61 1090 1014 0000 0712 1981 2874', '61109010140000071219812874'],
    ['PL 27114020040000300201355387', '27114020040000300201355387'],
    ['pl27 1140 2004 0000 3002 0135 5387', '27114020040000300201355387'],
    ['  92 1240\u00a01234 0001\u202f5678 9012 3456 ', '92124012340001567890123456'],
  ])('read %j, spaces and a leading PL as it is printed, as %s', (written, digits) => {
    expect(normaliseNrb(written)).toBe(digits);
    expect(isValidNrb(written)).toBe(true);
  });

  it.each(PUBLISHED)('notice every single digit of %s changed to any other', (nrb) => {
    for (let at = 0; at < nrb.length; at += 1) {
      for (const digit of '0123456789') {
        if (digit === nrb[at]) continue;
        const typo = `${nrb.slice(0, at)}${digit}${nrb.slice(at + 1)}`;
        expect(isValidNrb(typo), typo).toBe(false);
      }
    }
  });

  it.each(PUBLISHED)('notice any two neighbouring digits of %s swapped', (nrb) => {
    for (let at = 0; at + 1 < nrb.length; at += 1) {
      if (nrb[at] === nrb[at + 1]) continue;
      const swapped = `${nrb.slice(0, at)}${nrb[at + 1]}${nrb[at]}${nrb.slice(at + 2)}`;
      expect(isValidNrb(swapped), swapped).toBe(false);
    }
  });

  it.each([
    '',
    ' ',
    'PL',
    '6110901014000007121981287', // 25 digits
    '611090101400000712198128740', // 27 digits
    '61 1090 1014 0000 0712 1981 287a',
    '61\u00001090101400000712198128 74',
    '61-1090-1014-0000-0712-1981-2874',
    '61\t1090 1014 0000 0712 1981 2874',
    'DE61109010140000071219812874',
    'PLPL61109010140000071219812874',
    '６１１０９０１０１４０００００７１２１９８１２８７４', // full-width digits
    '٦١١٠٩٠١٠١٤٠٠٠٠٠٧١٢١٩٨١٢٨٧٤', // Arabic-Indic digits
    '00000000000000000000000000', // 26 digits, remainder not 1
  ])('refuse %j without throwing', (text) => {
    expect(isValidNrb(text)).toBe(false);
    expect(normaliseNrb(text)).toBeUndefined();
  });

  it('agree with the BigInt remainder on any 26 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{26}$/), (digits) => {
        expect(isValidNrb(digits)).toBe(remainderOf(digits) === 1n);
      }),
    );
  });

  it('accept every number whose check digits are computed, and answer any text without throwing', () => {
    fc.assert(
      fc.property(anyNrb, (nrb) => {
        expect(normaliseNrb(nrb)).toBe(nrb);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(typeof isValidNrb(text)).toBe('boolean');
      }),
    );
  });
});

describe('formatNrb', () => {
  it('prints the check digits and then groups of four, as banks do', () => {
    expect(formatNrb('61109010140000071219812874')).toBe('61 1090 1014 0000 0712 1981 2874');
    expect(formatNrb('PL27114020040000300201355387')).toBe('27 1140 2004 0000 3002 0135 5387');
  });

  it('reads back as the number it prints, and prints a printed number the same', () => {
    fc.assert(
      fc.property(anyNrb, (nrb) => {
        const printed = formatNrb(nrb);
        expect(printed).toMatch(/^[0-9]{2}( [0-9]{4}){6}$/);
        expect(normaliseNrb(printed)).toBe(nrb);
        expect(formatNrb(printed)).toBe(printed);
      }),
    );
  });

  it.each(['', '61109010140000071219812875', '6110901014000007121981287'])('refuses to print %j', (text) => {
    expect(() => formatNrb(text)).toThrow(RangeError);
  });
});

describe('nrbFromTemplate', () => {
  const MBANK: NrbTemplate = { sortingCode: '11402004', prefix: '0000300' };

  it('makes the published number from its bank, prefix and sequence', () => {
    expect(nrbFromTemplate({ sortingCode: '10901014', prefix: '00000712198' }, 12874)).toBe(
      '61109010140000071219812874',
    );
    expect(nrbFromTemplate({ sortingCode: '11402004', prefix: '00003002013' }, 55387)).toBe(
      '27114020040000300201355387',
    );
  });

  it('makes 100,000 different valid numbers for sequences 1 to 100,000 of one template', () => {
    const made = new Set<string>();
    for (let sequence = 1; sequence <= 100_000; sequence += 1) {
      const nrb = nrbFromTemplate(MBANK, sequence);
      if (remainderOf(nrb) !== 1n || !isValidNrb(nrb) || !/^[0-9]{26}$/.test(nrb)) {
        expect.fail(`sequence ${sequence} made ${nrb}`);
      }
      made.add(nrb);
    }
    expect(made.size).toBe(100_000);
    expect(nrbFromTemplate(MBANK, 1)).toMatch(/^[0-9]{2}114020040000300000000001$/);
    expect(nrbFromTemplate(MBANK, 100_000)).toMatch(/^[0-9]{2}114020040000300000100000$/);
  });

  it('keeps the bank and prefix and puts the sequence last, padded with zeros', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{0,15}$/), fc.nat(), (prefix, seed) => {
        const room = 16 - prefix.length;
        const sequence = seed % 10 ** Math.min(room, 15);
        const nrb = nrbFromTemplate({ sortingCode: '10901014', prefix }, sequence);
        expect(remainderOf(nrb)).toBe(1n);
        expect(nrb.slice(2, 10)).toBe('10901014');
        expect(nrb.slice(10)).toBe(`${prefix}${String(sequence).padStart(room, '0')}`);
      }),
    );
  });

  it('fills the whole account part when there is no prefix, and refuses a sequence with no room', () => {
    expect(nrbFromTemplate({ sortingCode: '10901014', prefix: '' }, 9_007_199_254_740_991).slice(10)).toBe(
      '9007199254740991',
    );
    const full: NrbTemplate = { sortingCode: '10901014', prefix: '123456789012345' };
    expect(nrbFromTemplate(full, 9).slice(10)).toBe('1234567890123459');
    expect(() => nrbFromTemplate(full, 10)).toThrow(/sequence 10 does not fit the 1 digits/);
    expect(() => nrbFromTemplate(MBANK, 1_000_000_000)).toThrow(RangeError);
    expect(nrbFromTemplate(MBANK, 999_999_999).slice(-9)).toBe('999999999');
  });

  it.each([
    [{ sortingCode: '1090101', prefix: '' }, 1, /sorting code/],
    [{ sortingCode: '109010140', prefix: '' }, 1, /sorting code/],
    [{ sortingCode: '1090 1014', prefix: '' }, 1, /sorting code/],
    [{ sortingCode: '10901015', prefix: '' }, 1, /sorting code/], // a typo: its check digit does not match
    [{ sortingCode: '10901014', prefix: '1234567890123456' }, 1, /prefix/],
    [{ sortingCode: '10901014', prefix: '12 34' }, 1, /prefix/],
    [{ sortingCode: '10901014', prefix: '' }, -1, /sequence/],
    [{ sortingCode: '10901014', prefix: '' }, 1.5, /sequence/],
    [{ sortingCode: '10901014', prefix: '' }, Number.NaN, /sequence/],
    [{ sortingCode: '10901014', prefix: '' }, Number.POSITIVE_INFINITY, /sequence/],
    [{ sortingCode: '10901014', prefix: '' }, 2 ** 53, /sequence/],
  ])('refuses %j with sequence %d', (template, sequence, reason) => {
    expect(() => nrbFromTemplate(template, sequence)).toThrow(RangeError);
    expect(() => nrbFromTemplate(template, sequence)).toThrow(reason);
  });

  it('accepts the sorting codes of real banks, whose last digit checks the other seven', () => {
    for (const sortingCode of ['10201026', '10501445', '11402004', '12401037', '10901014']) {
      expect(isValidNrb(nrbFromTemplate({ sortingCode, prefix: '' }, 1))).toBe(true);
    }
  });
});
