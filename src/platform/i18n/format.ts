// Dates, times, numbers and money for display, always through Intl and in the tenant's time zone.
// Money is integer minor units (grosze, haléře) everywhere else in the code.
import { formatMoney } from '../../lib/money.ts';
import { decimalOfThousandths } from '../../lib/quantity.ts';
import type { Locale } from './locales.ts';

const INTL_LOCALE: Record<Locale, string> = { pl: 'pl-PL', en: 'en-GB', cs: 'cs-CZ' };

export interface Formatters {
  date(value: Date): string;
  dateTime(value: Date): string;
  time(hhmm: string): string;
  number(value: number): string;
  money(minorUnits: number | bigint, currency: 'PLN' | 'CZK'): string;
  day(isoDate: string): string;
  /** A calendar month (YYYY-MM): "styczeń 2026". */
  month(isoMonth: string): string;
  /** An area kept in hundredths of a square metre: "52,30 m²". */
  area(hundredths: number): string;
  /** A quantity kept in thousandths of its unit (a meter's m³ or GJ), all three decimals: "142,350". */
  quantity(thousandths: number): string;
  weekday(isoWeekday: number): string;
}

/**
 * Remembers a formatter's answers. Opening-hours tables print the same few times and the seven
 * weekdays on every view, and each formatting goes through ICU; the keys here are bounded
 * (times of day, weekdays), and the limit keeps them so whatever a caller passes.
 */
function remembered<K>(format: (key: K) => string, limit = 2_000): (key: K) => string {
  const answers = new Map<K, string>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = format(key);
      if (answers.size < limit) answers.set(key, answer);
    }
    return answer;
  };
}

export function formatters(locale: Locale, timeZone: string): Formatters {
  const tag = INTL_LOCALE[locale];
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: 'short', timeZone });
  const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  const weekday = new Intl.DateTimeFormat(tag, { weekday: 'long', timeZone: 'UTC' });
  const number = new Intl.NumberFormat(tag);
  const day = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(tag, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const area = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const quantity = new Intl.NumberFormat(tag, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  return {
    date: (value) => date.format(value),
    dateTime: (value) => dateTime.format(value),
    // Opening hours are wall-clock times with no date; format them as such.
    time: remembered((hhmm: string) => time.format(new Date(`1970-01-01T${hhmm.slice(0, 5)}:00Z`))),
    number: (value) => number.format(value),
    // Through a decimal string (lib/money.ts), so amounts beyond 2^53 grosze keep every digit.
    money: (minorUnits, currency) => formatMoney(minorUnits, currency, tag),
    // A calendar day (YYYY-MM-DD, a ledger's booking or due date): no instant, so no time zone.
    day: remembered((isoDate: string) => day.format(new Date(`${isoDate}T00:00:00Z`))),
    month: remembered((isoMonth: string) => month.format(new Date(`${isoMonth}-01T00:00:00Z`))),
    // Through a decimal string, as money: hundredths never pass through a binary fraction.
    area: (hundredths) =>
      `${area.format(`${Math.trunc(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}` as unknown as number)} m²`,
    quantity: (thousandths) => quantity.format(decimalOfThousandths(thousandths) as unknown as number),
    // 1970-01-05 was a Monday.
    weekday: remembered((isoWeekday: number) => weekday.format(new Date(Date.UTC(1970, 0, 4 + isoWeekday)))),
  };
}
