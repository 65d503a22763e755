import { describe, expect, it } from 'vitest';
import { formatters } from './format.ts';

const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatters', () => {
  it('formats money from minor units in each language, exactly', () => {
    expect(nbsp(formatters('pl', 'Europe/Warsaw').money(123456, 'PLN'))).toBe('1 234,56 zł');
    expect(nbsp(formatters('cs', 'Europe/Prague').money(-5, 'CZK'))).toBe('-0,05 Kč');
    expect(nbsp(formatters('en', 'Europe/Warsaw').money(100, 'PLN'))).toBe('PLN 1.00');
    expect(nbsp(formatters('pl', 'Europe/Warsaw').money(900719925474099312n, 'PLN'))).toBe(
      '9 007 199 254 740 993,12 zł',
    );
  });

  it('shows a quantity kept in thousandths with its three decimals, exactly', () => {
    expect(formatters('pl', 'Europe/Warsaw').quantity(142_350)).toBe('142,350');
    expect(nbsp(formatters('cs', 'Europe/Prague').quantity(1_234_005))).toBe('1 234,005');
    expect(formatters('en', 'Europe/Warsaw').quantity(0)).toBe('0.000');
  });

  it('shows a calendar day as it is, whatever the time zone', () => {
    expect(formatters('pl', 'Europe/Warsaw').day('2026-01-31')).toBe('31 stycznia 2026');
    expect(formatters('cs', 'Europe/Prague').day('2026-12-31')).toBe('31. prosince 2026');
  });

  it('shows dates in the tenant time zone, not the server one', () => {
    // 23:30 UTC on 31 Dec is already 1 January in Warsaw.
    const instant = new Date('2026-12-31T23:30:00Z');
    expect(formatters('pl', 'Europe/Warsaw').date(instant)).toBe('1 stycznia 2027');
    expect(formatters('en', 'Europe/Warsaw').date(instant)).toBe('1 January 2027');
  });

  it('names ISO weekdays starting from Monday', () => {
    expect(formatters('pl', 'Europe/Warsaw').weekday(1)).toBe('poniedziałek');
    expect(formatters('cs', 'Europe/Prague').weekday(7)).toBe('neděle');
    expect(formatters('en', 'Europe/Warsaw').time('07:05:00')).toBe('07:05');
  });
});
