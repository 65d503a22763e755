import decodeQR from '@paulmillr/qr/decode.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QR_QUIET_ZONE, qrCode, type QrCode, type QrErrorCorrection } from '../../../platform/crypto/qr-svg.ts';
import {
  PAYMENT_QR_FIELD_LIMITS,
  PAYMENT_QR_MAX_LENGTH,
  paymentQrCode,
  paymentQrPayload,
  type PaymentQrInput,
} from './payment-qr.ts';
import { modulesOfPath, pictureOf } from '../../../../test/support/qr-picture.ts';

// The standard's own examples, for a company and for a person.
const COMPANY_VECTOR = '1234567890|PL|92124012340001567890123456|001200|Odbiorca 1|FV 1234/34/2012|||';
const PERSON_VECTOR = '|PL|92124012340001567890123456|001200|Odbiorca 1|Przelew ekspress|||';
const COMPANY: PaymentQrInput = {
  nip: '1234567890',
  nrb: '92124012340001567890123456',
  amountGrosze: 1200,
  payee: 'Odbiorca 1',
  title: 'FV 1234/34/2012',
};

const fieldsOf = (input: PaymentQrInput): string[] => paymentQrPayload(input).payload.split('|');
const codePoints = (text: string): number => [...text].length;

describe('paymentQrPayload', () => {
  it('writes the standard’s example for a company byte for byte', () => {
    const { payload, amountLeftToPayer } = paymentQrPayload(COMPANY);
    expect(Buffer.from(payload, 'utf8')).toEqual(Buffer.from(COMPANY_VECTOR, 'utf8'));
    expect(amountLeftToPayer).toBe(false);
  });

  it('writes the standard’s example for a person, with no NIP, byte for byte', () => {
    const person = { ...COMPANY, nip: undefined, title: 'Przelew ekspress' };
    const { payload, amountLeftToPayer } = paymentQrPayload(person);
    expect(Buffer.from(payload, 'utf8')).toEqual(Buffer.from(PERSON_VECTOR, 'utf8'));
    expect(amountLeftToPayer).toBe(false);
  });

  it('has fields whose limits add up to the 160 characters of the whole, separators included', () => {
    const limits = Object.values(PAYMENT_QR_FIELD_LIMITS);
    expect(limits).toHaveLength(9);
    expect(limits.reduce((sum, limit) => sum + limit, limits.length - 1)).toBe(PAYMENT_QR_MAX_LENGTH);
  });

  it('reads the account number as it is printed, and the NIP with hyphens', () => {
    const fields = fieldsOf({ ...COMPANY, nip: '123-456-78-90', nrb: 'PL92 1240 1234 0001 5678 9012 3456' });
    expect(fields.slice(0, 3)).toEqual(['1234567890', 'PL', '92124012340001567890123456']);
  });

  describe('the amount', () => {
    it.each([
      [1, '000001', false],
      [1200, '001200', false],
      [999_999, '999999', false],
      [1_000_000, '000000', true],
      [123_456_789, '000000', true],
      [0, '000000', true],
    ])('%d grosze is written %s, left to the payer: %s', (amountGrosze, written, leftToPayer) => {
      const { payload, amountLeftToPayer } = paymentQrPayload({ ...COMPANY, amountGrosze });
      expect(payload.split('|')[3]).toBe(written);
      expect(amountLeftToPayer).toBe(leftToPayer);
    });

    it.each([-1, 12.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %d', (amountGrosze) => {
      expect(() => paymentQrPayload({ ...COMPANY, amountGrosze })).toThrow(RangeError);
    });
  });

  describe('the NIP', () => {
    it('is there for a company and empty for a person', () => {
      expect(fieldsOf(COMPANY)[0]).toBe('1234567890');
      expect(fieldsOf({ ...COMPANY, nip: undefined })[0]).toBe('');
    });

    it.each([
      '',
      '123456789',
      '12345678901',
      '123456789O',
      'abcdefghij',
      '１２３４５６７８９０',
      '1234567890\u0000',
      '12/34567890',
    ])('refuses %j', (nip) => {
      expect(() => paymentQrPayload({ ...COMPANY, nip })).toThrow(/NIP/);
    });
  });

  it.each(['92124012340001567890123457', '9212401234000156789012345', '', 'PL'])('refuses the account %j', (nrb) => {
    expect(() => paymentQrPayload({ ...COMPANY, nrb })).toThrow(/NRB/);
  });

  it.each([
    ['payee', ''],
    ['payee', ' | \n '],
    ['title', ''],
    ['title', '\u200b\u202e'],
  ])('refuses an empty %s (%j)', (field, text) => {
    expect(() => paymentQrPayload({ ...COMPANY, [field]: text })).toThrow(/must not be empty/);
  });

  describe('text fields', () => {
    it('are cut to their limits in characters, Polish letters counting one each', () => {
      const fields = fieldsOf({
        ...COMPANY,
        payee: 'Spółdzielnia Mieszkaniowa Przyszłość',
        title: 'Zaliczka na ciepłą wodę i ogrzewanie, lokal 12',
        reference: 'ŻÓŁĆ-GĘŚLĄ-JAŹŃ-2024-ŁÓDŹ',
      });
      expect(fields[4]).toBe('Spółdzielnia Mieszka');
      expect(fields[5]).toBe('Zaliczka na ciepłą wodę i ogrzew');
      expect(fields[6]).toBe('ŻÓŁĆ-GĘŚLĄ-JAŹŃ-2024');
      expect(fields.slice(4, 7).map(codePoints)).toEqual([20, 32, 20]);
    });

    it('leave no space at the end of a cut', () => {
      expect(fieldsOf({ ...COMPANY, payee: 'Spółka Mieszkaniowa Łąki' })[4]).toBe('Spółka Mieszkaniowa');
    });

    it('compose a letter typed as a base and an accent into one character', () => {
      const payee = 'Spo\u0301łdzielnia Mieszkaniowa Przyszłość';
      expect(fieldsOf({ ...COMPANY, payee })[4]).toBe('Spółdzielnia Mieszka');
    });

    it('never split a character outside the Basic Multilingual Plane', () => {
      const title = fieldsOf({ ...COMPANY, title: `${'a'.repeat(31)}😀 and more` })[5]!;
      expect(title).toBe('a'.repeat(31));
      expect(fieldsOf({ ...COMPANY, title: `${'a'.repeat(30)}😀` })[5]).toBe(`${'a'.repeat(30)}😀`);
    });

    it('turn a "|" into a space, so that it never adds a field', () => {
      const fields = fieldsOf({ ...COMPANY, payee: '|Zgoda|', title: 'FV 1|2|3', reference: 'a||b' });
      expect(fields).toHaveLength(9);
      expect(fields.slice(4, 7)).toEqual(['Zgoda', 'FV 1 2 3', 'a b']);
    });

    it('put line breaks, tabs and invisible characters on one line as single spaces', () => {
      const fields = fieldsOf({ ...COMPANY, title: ' Czynsz\r\n\tlistopad\u2028\u202eabc\u0000 ', payee: 'A\u00a0B' });
      expect(fields.slice(4, 6)).toEqual(['A B', 'Czynsz listopad abc']);
    });

    it('leave the reference empty when there is none', () => {
      expect(fieldsOf({ ...COMPANY, reference: undefined })[6]).toBe('');
      expect(fieldsOf({ ...COMPANY, reference: 'L12/2025' })[6]).toBe('L12/2025');
    });
  });

  it('keeps nine fields within their limits and 160 characters, whatever the text', () => {
    const tricky = fc.constantFrom('|', 'ł', 'Ż', '\n', ' ', '\u202e', '\u0301', '😀', '\ud800', 'a', '/');
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: tricky, maxLength: 60 }));
    fc.assert(
      fc.property(
        fc.option(fc.stringMatching(/^[0-9]{10}$/), { nil: undefined }),
        fc.oneof(fc.nat(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
        text,
        text,
        fc.option(text, { nil: undefined }),
        (nip, amountGrosze, payee, title, reference) => {
          const input = { nip, nrb: COMPANY.nrb, amountGrosze, payee: `x${payee}`, title: `${title}y`, reference };
          const { payload, amountLeftToPayer } = paymentQrPayload(input);
          expect(payload.length).toBeLessThanOrEqual(PAYMENT_QR_MAX_LENGTH);
          expect(codePoints(payload)).toBeLessThanOrEqual(PAYMENT_QR_MAX_LENGTH);
          expect(payload.isWellFormed()).toBe(true);
          expect(payload).not.toMatch(/[\p{Cc}\p{Cf}\n]/u);
          const fields = payload.split('|');
          expect(fields).toHaveLength(9);
          Object.values(PAYMENT_QR_FIELD_LIMITS).forEach((limit, i) => {
            expect(fields[i]!.length).toBeLessThanOrEqual(limit);
          });
          expect(fields[3]).toMatch(/^[0-9]{6}$/);
          expect(amountLeftToPayer).toBe(fields[3] === '000000');
          expect(fields.slice(7)).toEqual(['', '']);
        },
      ),
    );
  });
});

/** The modules a QrCode draws. */
const modulesOf = (qr: QrCode): boolean[][] => modulesOfPath(qr.path, qr.size);

/** Levels by their two bits in the format information (ISO/IEC 18004, table 12). */
const LEVEL_BITS: Readonly<Record<number, QrErrorCorrection>> = {
  0b01: 'low',
  0b00: 'medium',
  0b11: 'quartile',
  0b10: 'high',
};
/** The mask the format information is XORed with, and its BCH(15,5) code's generator. */
const FORMAT_MASK = 0b101010000010010;
const FORMAT_GENERATOR = 0b10100110111;

/**
 * The error correction level a code was made with, read from both copies of its format
 * information (ISO/IEC 18004, 7.9), where a decoder reads it: the 15 bits beside the top-left
 * finder, and the copy split between the other two. Both must agree and be a BCH codeword, so
 * a misread position fails rather than answering a level by chance.
 */
function errorCorrectionOf(modules: boolean[][]): QrErrorCorrection {
  const at = (x: number, y: number): number => (modules[QR_QUIET_ZONE + y]![QR_QUIET_ZONE + x] ? 1 : 0);
  const last = modules.length - 2 * QR_QUIET_ZONE - 1;
  const read = (positions: [number, number][]): number => positions.reduce((bits, [x, y]) => (bits << 1) | at(x, y), 0);
  const topLeft = read([
    ...[0, 1, 2, 3, 4, 5, 7, 8].map((x): [number, number] => [x, 8]),
    ...[7, 5, 4, 3, 2, 1, 0].map((y): [number, number] => [8, y]),
  ]);
  const split = read([
    ...[0, 1, 2, 3, 4, 5, 6].map((i): [number, number] => [8, last - i]),
    ...[7, 6, 5, 4, 3, 2, 1, 0].map((i): [number, number] => [last - i, 8]),
  ]);
  expect(split).toBe(topLeft);
  const format = topLeft ^ FORMAT_MASK;
  let remainder = (format >> 10) << 10;
  for (let bit = 14; bit >= 10; bit -= 1) if (remainder & (1 << bit)) remainder ^= FORMAT_GENERATOR << (bit - 10);
  expect(remainder).toBe(format & 0x3ff);
  return LEVEL_BITS[format >> 13]!;
}

describe('the payment QR code', () => {
  const POLISH: PaymentQrInput = {
    nip: '525-000-58-34',
    nrb: '61 1090 1014 0000 0712 1981 2874',
    amountGrosze: 45_678,
    payee: 'Spółdzielnia Mieszkaniowa „Przyszłość”',
    title: 'Czynsz — październik, lokal 12, źródło: e-BOK',
    reference: 'ŻÓŁW/ĘĄ/2025/10/ŚĆŃ',
  };

  it.each([
    ['the company example', COMPANY],
    ['the person example', { ...COMPANY, nip: undefined, title: 'Przelew ekspress' }],
    ['Polish letters in every text field, each cut to its limit', POLISH],
    // Four bytes in UTF-8. (With 'Ogrzewanie 😀 2025' the library picks mask 4, whose data
    // happens to hold a finder-like run that the package's decoder takes for a corner at 4 px a
    // module and more: its finder search, not the code, since the same modules read at 3 px.)
    ['an amount left to the payer and an emoji', { ...POLISH, amountGrosze: 1_000_000, title: 'Ogrzewanie 2025 🔥' }],
  ])('reads back as its payload: %s', (_name, input) => {
    const { payload } = paymentQrPayload(input);
    const { qr } = paymentQrCode(input);
    expect(decodeQR(pictureOf(modulesOf(qr), 4))).toBe(payload);
    expect(decodeQR(pictureOf(modulesOf(qr), 3))).toBe(payload);
  });

  it('holds Polish letters as the UTF-8 the standard asks for', () => {
    const { payload } = paymentQrPayload(POLISH);
    expect(payload).toBe(
      '5250005834|PL|61109010140000071219812874|045678|Spółdzielnia Mieszka|Czynsz — październik, lokal 12,|ŻÓŁW/ĘĄ/2025/10/ŚĆŃ||',
    );
    expect(decodeQR(pictureOf(modulesOf(paymentQrCode(POLISH).qr), 4))).toBe(payload);
  });

  it('tells the page when the payer must type the amount', () => {
    expect(paymentQrCode({ ...POLISH, amountGrosze: 1_000_000 }).amountLeftToPayer).toBe(true);
    expect(paymentQrCode(POLISH).amountLeftToPayer).toBe(false);
  });

  it('has error correction L, as the standard asks, where the TOTP code keeps M', () => {
    expect(errorCorrectionOf(modulesOf(paymentQrCode(COMPANY).qr))).toBe('low');
    expect(errorCorrectionOf(modulesOf(paymentQrCode(POLISH).qr))).toBe('low');
    expect(errorCorrectionOf(modulesOf(qrCode(COMPANY_VECTOR)))).toBe('medium');
    for (const level of ['low', 'medium', 'quartile', 'high'] as const) {
      expect(errorCorrectionOf(modulesOf(qrCode(COMPANY_VECTOR, level))), level).toBe(level);
    }
  });
});
