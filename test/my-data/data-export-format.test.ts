// The CSV export: every value a spreadsheet would run as a formula is made text, and the
// file parses back to the same values otherwise.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportAsCsv, exportFileName } from '../../src/features/accounts/my-data/data-export.format.ts';
import { neutraliseFormula } from '../../src/lib/spreadsheet.ts';
import type { ClientDataExport } from '../../src/features/accounts/my-data/data-export.service.ts';

function exportWith(userAgent: string): ClientDataExport {
  return {
    export: { organisation: 'Spółdzielnia "Słoneczna", Łódź', exportedAt: '2026-11-23T10:00:00.000Z' },
    profile: { firstName: 'Zofia', lastName: 'Wiśniewska', email: null, login: null, pesel: '44051401359' },
    consents: [],
    signInEvents: [{ outcome: 'wrong_password', userAgent }],
    sessions: [{ thisDevice: true }],
    accountLinks: [],
    mails: [],
  };
}

describe('CSV export', () => {
  it('prefixes values that start a formula with an apostrophe', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(neutraliseFormula(`${start}1+1`)).toBe(`'${start}1+1`);
    }
    expect(neutraliseFormula('Firefox')).toBe('Firefox');
    expect(neutraliseFormula('')).toBe('');
  });

  it('parses back to section, record, field and value for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (userAgent) => {
        const rows: string[][] = parse(exportAsCsv(exportWith(userAgent), ['section', 'record', 'field', 'value']), {
          bom: true,
        });
        expect(rows[0]).toEqual(['section', 'record', 'field', 'value']);
        expect(rows).toContainEqual(['export', '1', 'organisation', 'Spółdzielnia "Słoneczna", Łódź']);
        expect(rows).toContainEqual(['profile', '1', 'email', '']);
        expect(rows).toContainEqual(['sessions', '1', 'thisDevice', 'true']);
        expect(rows).toContainEqual(['signInEvents', '1', 'userAgent', neutraliseFormula(userAgent)]);
        expect(rows.every((row) => !/^[=+\-@\t\r]/.test(row[3]!))).toBe(true);
      }),
    );
  });

  it('names the file after the tenant and its local date', () => {
    // 23:30 UTC on 23 November is already the 24th in Warsaw.
    const late = new Date('2026-11-23T23:30:00Z');
    expect(exportFileName({ slug: 'sm-sloneczna', timeZone: 'Europe/Warsaw' }, 'moje-dane', late, 'csv')).toBe(
      'okienko-sm-sloneczna-moje-dane-2026-11-24.csv',
    );
  });
});
