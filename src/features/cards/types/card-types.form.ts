// A manager's forms of the card types (issue #22): a new type with its number format and check
// digit, and the name and fee of one in use (its code, format and check digit stay, as the numbers
// issued carry them).
import { z } from 'zod';
import { typedAmount } from '../../money/index.ts';
import { CHECK_DIGITS } from '../card-number.ts';

const name = z
  .string('cards:types.nameMissing')
  .trim()
  .min(1, 'cards:types.nameMissing')
  .max(100, 'cards:types.nameTooLong');

export const cardTypeChangeForm = z.object({ name, activationFee: typedAmount });

export const newCardTypeForm = cardTypeChangeForm.extend({
  code: z
    .string('cards:types.codeInvalid')
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'cards:types.codeInvalid')
    .max(50, 'cards:types.codeInvalid'),
  currency: z.enum(['PLN', 'CZK'], 'cards:types.currencyMissing'),
  numberPrefix: z
    .string('cards:types.prefixInvalid')
    .trim()
    .regex(/^[0-9]{1,8}$/, 'cards:types.prefixInvalid'),
  numberLength: z.coerce
    .number('cards:types.lengthInvalid')
    .int('cards:types.lengthInvalid')
    .min(8, 'cards:types.lengthInvalid')
    .max(19, 'cards:types.lengthInvalid'),
  checkDigit: z.enum(CHECK_DIGITS, 'cards:types.checkDigitMissing'),
});
