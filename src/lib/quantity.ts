// Quantities as people type and read them off a meter or a settlement: cubic metres of water,
// gigajoules of heat. In code a quantity is an integer of thousandths of its unit (meters
// show three decimals), parsed without ever passing through a floating-point number.
//
// What a person may type: digits, optionally grouped by thousands with spaces (`1 234,5`), then
// a decimal comma or point and one to three digits. A comma or point is always the decimal
// separator here (`1,234` is one and a quarter, not a thousand): a meter has no other.
// Refused: a sign, an exponent, a fourth decimal (a meter does not show it), more than one
// separator. Zero is a quantity (a new meter, a month without use).

export type QuantityProblem = 'empty' | 'format' | 'negative' | 'tooManyDecimals' | 'tooLarge';

export type ParsedQuantity = { ok: true; thousandths: number } | { ok: false; problem: QuantityProblem };

/** The largest quantity a person may type: 999 999 999,999 (well inside a safe integer). */
export const MAX_TYPED_THOUSANDTHS = 999_999_999_999;

const WHOLE = /^(?:\d+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+)$/;

export function parseThousandths(typed: string): ParsedQuantity {
  const text = typed.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  if (/^[-−]/.test(text)) return { ok: false, problem: 'negative' };
  const match = /^([0-9 \u00a0\u202f]+)(?:[.,]([0-9]+))?$/.exec(text);
  if (!match || !WHOLE.test(match[1]!)) return { ok: false, problem: 'format' };
  const fraction = match[2] ?? '';
  if (fraction.length > 3) return { ok: false, problem: 'tooManyDecimals' };
  const whole = match[1]!.replace(/[ \u00a0\u202f]/g, '').replace(/^0+(?=\d)/, '');
  if (whole.length > 9) return { ok: false, problem: 'tooLarge' };
  return { ok: true, thousandths: Number(whole) * 1000 + Number(fraction.padEnd(3, '0')) };
}

/** The quantity as a decimal string of its unit, all three decimals: 142350 → "142.350". */
export function decimalOfThousandths(thousandths: number): string {
  if (!Number.isSafeInteger(thousandths) || thousandths < 0) throw new Error(`not a quantity: ${thousandths}`);
  const digits = String(thousandths).padStart(4, '0');
  return `${digits.slice(0, -3)}.${digits.slice(-3)}`;
}
