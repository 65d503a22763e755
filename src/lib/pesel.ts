// The Polish national id (PESEL), read fully and without I/O (issue #5): 11 ASCII digits,
// YYMMDD with the century in the month, a four-digit serial whose last digit gives the sex,
// and a check digit over weights 1,3,7,9,1,3,7,9,1,3.
//
// A PESEL is personal data: never log it, store it only through national-id.ts (sealed, with
// a blind index), and show it only as maskPesel() parts. A parsed `Pesel` stringifies masked
// (String(), JSON.stringify, util.inspect), so a stray log line does not carry the number.
import { calendarDayIn } from './zoned-date.ts';

/** A calendar day with no time and no time zone. Months are 1–12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export type Sex = 'female' | 'male';

export interface Pesel {
  /** The 11 digits. Personal data: see the file comment. */
  readonly value: string;
  readonly birthDate: CalendarDate;
  readonly sex: Sex;
}

/**
 * Why an input is not a PESEL, one reason per input, checked in this order:
 *   'digits'   – any character other than ASCII 0–9 (letters, spaces, full-width or other
 *                Unicode digits), whatever the length: "use only digits" is the fix to make
 *                first, and counting characters the visitor cannot see is no help;
 *   'length'   – only digits, but not exactly 11 of them;
 *   'date'     – 11 digits whose first six are no calendar day from 1800 to 2299: points at
 *                the birth date part, more useful than "the check digit is wrong";
 *   'checksum' – a real date, but the last digit does not match (a typo elsewhere).
 */
export type PeselRejection = 'digits' | 'length' | 'date' | 'checksum';

export type PeselResult = { ok: true; pesel: Pesel } | { ok: false; reason: PeselRejection };

/** i18n key of the message for each rejection (src/platform/i18n/locales/<lang>/pesel.json). */
export const PESEL_MESSAGE_KEYS: Readonly<Record<PeselRejection, string>> = {
  digits: 'pesel:digitsOnly',
  length: 'pesel:length',
  date: 'pesel:date',
  checksum: 'pesel:checksum',
};

const WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3] as const;

/** Month offset → first year of its century: 81–92 is the 1800s, 01–12 the 1900s, and so on. */
const CENTURY_BY_OFFSET: ReadonlyMap<number, number> = new Map([
  [80, 1800],
  [0, 1900],
  [20, 2000],
  [40, 2100],
  [60, 2200],
]);

export const PESEL_MIN_YEAR = 1800;
export const PESEL_MAX_YEAR = 2299;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isCalendarDate(date: CalendarDate): boolean {
  const { year, month, day } = date;
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** The check digit of the first ten digits (an array of 0–9). */
function checkDigitOf(digits: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) sum += WEIGHTS[i]! * digits[i]!;
  return (10 - (sum % 10)) % 10;
}

function decodeBirthDate(digits: readonly number[]): CalendarDate | undefined {
  const yy = digits[0]! * 10 + digits[1]!;
  const encodedMonth = digits[2]! * 10 + digits[3]!;
  const day = digits[4]! * 10 + digits[5]!;
  const offset = Math.floor((encodedMonth - 1) / 20) * 20; // 1–20 → 0, 21–40 → 20, …, 81–92 → 80
  const century = CENTURY_BY_OFFSET.get(offset);
  if (century === undefined) return undefined; // month 00
  const date = { year: century + yy, month: encodedMonth - offset, day };
  return isCalendarDate(date) ? date : undefined;
}

function peselOf(value: string, birthDate: CalendarDate, sex: Sex): Pesel {
  const pesel = { value, birthDate: Object.freeze(birthDate), sex };
  const shown = (): string => {
    const { birthDate: born, lastDigits } = maskPesel(pesel);
    return `PESEL(${born}, …${lastDigits})`;
  };
  // Not enumerable: equality in tests and spreading see only value, birthDate and sex.
  Object.defineProperties(pesel, {
    toString: { value: shown },
    toJSON: { value: shown },
    [Symbol.for('nodejs.util.inspect.custom')]: { value: shown },
  });
  return Object.freeze(pesel);
}

/**
 * Reads a PESEL. Takes the input exactly as given: nothing is trimmed or normalised (the form
 * layer decides about surrounding whitespace), so anything but 11 ASCII digits is rejected.
 */
export function parsePesel(input: string): PeselResult {
  if (!/^[0-9]*$/.test(input)) return { ok: false, reason: 'digits' };
  if (input.length !== 11) return { ok: false, reason: 'length' };
  const digits = Array.from(input, Number);
  const birthDate = decodeBirthDate(digits);
  if (!birthDate) return { ok: false, reason: 'date' };
  if (checkDigitOf(digits) !== digits[10]) return { ok: false, reason: 'checksum' };
  return { ok: true, pesel: peselOf(input, birthDate, digits[9]! % 2 === 0 ? 'female' : 'male') };
}

export interface PeselParts {
  year: number;
  month: number;
  day: number;
  /**
   * The serial, 0–9999: digits 7–10 of the PESEL. With `sex`, its last digit d becomes the
   * even (women) or odd (men) one of the pair d − d mod 2, d − d mod 2 + 1; without, it is kept.
   */
  serial: number;
  sex?: Sex;
}

/**
 * A valid PESEL for a birth date and serial, check digit computed: for seeds and tests.
 * Throws a RangeError for a date that is not a real day from 1800 to 2299 or a serial
 * outside 0–9999.
 */
export function makePesel(parts: PeselParts): string {
  const { year, month, day, serial, sex } = parts;
  if (!isCalendarDate({ year, month, day }) || year < PESEL_MIN_YEAR || year > PESEL_MAX_YEAR) {
    throw new RangeError(`not a date a PESEL can encode: ${year}-${month}-${day}`);
  }
  if (!Number.isInteger(serial) || serial < 0 || serial > 9999) {
    throw new RangeError(`serial must be an integer 0–9999, got ${serial}`);
  }
  const offset = [...CENTURY_BY_OFFSET].find(([, first]) => year >= first && year < first + 100)![0];
  let serialDigits = String(serial).padStart(4, '0');
  if (sex !== undefined) {
    const last = Number(serialDigits[3]);
    serialDigits = serialDigits.slice(0, 3) + String(last - (last % 2) + (sex === 'male' ? 1 : 0));
  }
  const two = (n: number): string => String(n).padStart(2, '0');
  const firstTen = `${two(year % 100)}${two(month + offset)}${two(day)}${serialDigits}`;
  return firstTen + String(checkDigitOf(Array.from(firstTen, Number)));
}

/** 'YYYY-MM-DD'. */
export function toIsoDate(date: CalendarDate): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Reads 'YYYY-MM-DD' (a real calendar day); throws a RangeError on anything else. */
export function fromIsoDate(iso: string): CalendarDate {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(iso);
  const date = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : undefined;
  if (!date || !isCalendarDate(date)) throw new RangeError(`not an ISO calendar date: ${JSON.stringify(iso)}`);
  return date;
}

const asDate = (date: CalendarDate | string): CalendarDate => (typeof date === 'string' ? fromIsoDate(date) : date);

/** Today's calendar date on the wall clock of a time zone (e.g. the tenant's). */
export function calendarDateIn(timeZone: string, instant: Date): CalendarDate {
  return fromIsoDate(calendarDayIn(timeZone, instant));
}

/**
 * Age in whole years on `today` (a calendar date in the tenant's time zone, see
 * calendarDateIn). A year is completed on the birthday itself.
 *
 * Born on 29 February: in a year without one, the birthday is 28 February. That is the rule
 * of Polish law (art. 112 of the Civil Code: a term in years whose day does not exist in its
 * last month ends on that month's last day, and an age is reached at the start of that day),
 * so someone born 29 February 2008 turned 16 on 29 February 2024 and turns 17 on 28 February
 * 2025 (not on 1 March).
 *
 * A birth date after `today` gives -1 (not born yet): below any minimum age.
 */
export function ageOn(birthDate: CalendarDate | string, today: CalendarDate | string): number {
  const born = asDate(birthDate);
  const on = asDate(today);
  const beforeBirth =
    on.year < born.year ||
    (on.year === born.year && (on.month < born.month || (on.month === born.month && on.day < born.day)));
  if (beforeBirth) return -1;
  const birthdayDay = born.month === 2 && born.day === 29 && !isLeapYear(on.year) ? 28 : born.day;
  const hadBirthday = on.month > born.month || (on.month === born.month && on.day >= birthdayDay);
  return on.year - born.year - (hadBirthday ? 0 : 1);
}

/** Whether the holder of a PESEL is at least `minimumAge` on `today` (tenant's time zone). */
export function meetsMinimumAge(pesel: Pesel, minimumAge: number, today: CalendarDate | string): boolean {
  return ageOn(pesel.birthDate, today) >= minimumAge;
}

/**
 * How many of the last digits a masked PESEL shows. Two, not four: the birth date gives the
 * first six digits, and the check digit fixes any single hidden digit, so the birth date with
 * the last FOUR digits is the whole number (only digit 7 is hidden, and its weight 7 is
 * coprime with 10). With the last two, 100 numbers fit what is shown (pesel.test.ts checks).
 */
export const MASK_VISIBLE_DIGITS = 2;

export interface MaskedPesel {
  /** 'YYYY-MM-DD', for the view to format in its language. */
  birthDate: string;
  /** The last MASK_VISIBLE_DIGITS digits. */
  lastDigits: string;
}

/**
 * What may be shown of a PESEL: the birth date and the last two digits, as parts for the view
 * to format, e.g. t('pesel:masked', maskPesel(pesel)) → "born 1944-05-14, PESEL ending …59".
 */
export function maskPesel(pesel: Pesel): MaskedPesel {
  return { birthDate: toIsoDate(pesel.birthDate), lastDigits: pesel.value.slice(-MASK_VISIBLE_DIGITS) };
}
