// Amounts of money as people type and read them. In code an amount is an integer of minor units
// (grosze, haléře): parsing yields one without ever passing through a floating-point number,
// and formatting hands Intl a decimal string, so no amount is ever rounded by binary fractions.
//
// What a person may type: digits, optionally grouped by thousands with spaces (`1 234,56`, as
// Polish and Czech write them; a no-break or narrow no-break space too, as pasted from a
// document), then a decimal comma or point and one or two digits (`12,5` is 12,50). Refused:
// a sign (`-5`, `+5`: the form says what the amount is for), an exponent (`1e3`), three
// decimals (`12,345`: in English a thousands separator, in Polish a decimal, so ambiguous),
// a comma or point as a thousands separator (`1,234.56`), more than one separator (`12.3.4`).

export type AmountProblem = 'empty' | 'format' | 'tooManyDecimals' | 'notPositive' | 'tooLarge';

export type ParsedAmount = { ok: true; minor: number } | { ok: false; problem: AmountProblem };

/** The largest amount a person may type: 99 999 999,99 (well inside a safe integer). */
export const MAX_TYPED_AMOUNT = 9_999_999_999;

const SPACES = /[ \u00a0\u202f]/;
const WHOLE = /^(?:\d+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+)$/;

export function parseAmount(typed: string, max: number = MAX_TYPED_AMOUNT): ParsedAmount {
  const text = typed.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  if (/^[-−]/.test(text)) return { ok: false, problem: 'notPositive' };
  const match = /^([0-9 \u00a0\u202f]+)(?:[.,]([0-9]+))?$/.exec(text);
  if (!match || !WHOLE.test(match[1]!)) return { ok: false, problem: 'format' };
  const fraction = match[2] ?? '';
  if (fraction.length > 2) return { ok: false, problem: 'tooManyDecimals' };
  if (text.endsWith(',') || text.endsWith('.')) return { ok: false, problem: 'format' };
  const whole = match[1]!
    .split(SPACES)
    .join('')
    .replace(/^0+(?=\d)/, '');
  if (whole.length > 12) return { ok: false, problem: 'tooLarge' };
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (minor === 0) return { ok: false, problem: 'notPositive' };
  if (minor > max) return { ok: false, problem: 'tooLarge' };
  return { ok: true, minor };
}

/** The amount as a decimal string of major units: 123456 → "1234.56", -5 → "-0.05". */
export function decimalOf(minor: number | bigint): string {
  if (typeof minor === 'number' && !Number.isSafeInteger(minor))
    throw new Error(`not an amount of minor units: ${minor}`);
  const whole = BigInt(minor);
  const digits = String(whole < 0n ? -whole : whole).padStart(3, '0');
  return `${whole < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

// One per locale and currency: making an Intl.NumberFormat costs far more than using one, and
// a balance page formats a dozen amounts.
const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * The amount for a reader of `locale`: "1 234,56 zł" (pl), "1 234,56 Kč" (cs), "PLN 1,234.56"
 * (en), with the locale's own (no-break) spaces. Grouped from a thousand up in every language:
 * CLDR groups Polish only from ten thousand, but a column of amounts reads better aligned,
 * and the issue asks for "1 234,56 zł".
 */
export function formatMoney(minor: number | bigint, currency: string, locale: string): string {
  const key = `${locale} ${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, useGrouping: 'always' });
    moneyFormats.set(key, format);
  }
  // A decimal string is formatted exactly (Intl.NumberFormat v3); no float on the way.
  return format.format(decimalOf(minor) as unknown as number);
}

/** The amount as it would be typed back into a form: "1234,50" (pl, cs) or "1234.50" (en). */
export function typedAmount(minor: number, locale: string): string {
  const decimal = decimalOf(minor);
  return locale === 'en' ? decimal : decimal.replace('.', ',');
}
