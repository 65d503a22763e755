// A card's number in its type's format: the prefix, the serial padded with zeros to fill the
// length, and a check digit in the type's scheme (Luhn's, lib/luhn.ts, or Damm's, lib/damm.ts,
// which also catches the 09 ↔ 90 swap Luhn lets through), so a number mistyped at the counter
// is refused before it is looked up.
import { isValidDamm, withDammCheckDigit } from '../../lib/damm.ts';
import { isValidLuhn, withLuhnCheckDigit } from '../../lib/luhn.ts';
import type { CardType } from './cards.types.ts';

/** The check digits a card type may choose from (card_types.check_digit), Luhn's the default. */
export const CHECK_DIGITS = ['luhn', 'damm'] as const;
export type CheckDigit = (typeof CHECK_DIGITS)[number];

const SCHEMES: Readonly<
  Record<CheckDigit, { withCheckDigit: (payload: string) => string; isValid: (number: string) => boolean }>
> = {
  luhn: { withCheckDigit: withLuhnCheckDigit, isValid: isValidLuhn },
  damm: { withCheckDigit: withDammCheckDigit, isValid: isValidDamm },
};

/** The number of the type's `serial`-th card; undefined when the format has no room for it. */
export function cardNumber(
  type: Pick<CardType, 'numberPrefix' | 'numberLength' | 'checkDigit'>,
  serial: number,
): string | undefined {
  const width = type.numberLength - type.numberPrefix.length - 1;
  const digits = String(serial);
  if (!Number.isSafeInteger(serial) || serial < 1 || digits.length > width) return undefined;
  return SCHEMES[type.checkDigit].withCheckDigit(`${type.numberPrefix}${digits.padStart(width, '0')}`);
}

/** Spaces and hyphens a number may be typed or printed with. */
const SEPARATORS = /[\s-]/g;

/**
 * What was typed, as a card number may be: 8 to 19 digits with a check digit valid in either
 * scheme (the search does not know the type before it finds the card); else undefined.
 */
export function typedCardNumber(typed: string): string | undefined {
  const digits = typed.replace(SEPARATORS, '');
  if (!/^[0-9]{8,19}$/.test(digits)) return undefined;
  return CHECK_DIGITS.some((scheme) => SCHEMES[scheme].isValid(digits)) ? digits : undefined;
}
