// A card's number in its type's format: the prefix, the serial padded with zeros to fill the
// length, and a Luhn check digit (lib/luhn.ts), so a number mistyped at the counter is refused
// before it is looked up.
import { isValidLuhn, withLuhnCheckDigit } from '../../lib/luhn.ts';
import type { CardType } from './cards.types.ts';

/** The number of the type's `serial`-th card; undefined when the format has no room for it. */
export function cardNumber(type: Pick<CardType, 'numberPrefix' | 'numberLength'>, serial: number): string | undefined {
  const width = type.numberLength - type.numberPrefix.length - 1;
  const digits = String(serial);
  if (!Number.isSafeInteger(serial) || serial < 1 || digits.length > width) return undefined;
  return withLuhnCheckDigit(`${type.numberPrefix}${digits.padStart(width, '0')}`);
}

/** Spaces and hyphens a number may be typed or printed with. */
const SEPARATORS = /[\s-]/g;

/** What was typed, as a card number may be: 8 to 19 digits with a valid check digit; else undefined. */
export function typedCardNumber(typed: string): string | undefined {
  const digits = typed.replace(SEPARATORS, '');
  return /^[0-9]{8,19}$/.test(digits) && isValidLuhn(digits) ? digits : undefined;
}
