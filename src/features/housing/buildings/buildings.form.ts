// The staff's forms for buildings and premises (issue #21). Texts are trimmed and NFC-normalised
// (a code typed with a composed or a decomposed "ą" is one code, as the import reads it). A
// usable area is typed as people write it, "48,35" or "48.35" (two decimals at most, lib/money.ts
// reads it into hundredths); an opening balance as an amount with an optional minus for an
// overpayment, empty for none.
import { z } from 'zod';
import { parseAmount, type AmountProblem } from '../../../lib/money.ts';
import { parseCalendarDay } from '../../../lib/zoned-date.ts';
import { FUNDS, PREMISES_KINDS, type Fund } from '../housing.types.ts';
import { readAmount } from '../import/entry-values.ts';

const text = (max: number, missing: string, tooLong: string) =>
  z
    .string(missing)
    .trim()
    .min(1, missing)
    .transform((typed) => typed.normalize('NFC'))
    .pipe(z.string().max(max, tooLong));

export const buildingForm = z.object({
  street: text(200, 'housingStaff:building.streetMissing', 'housingStaff:building.streetTooLong'),
  houseNumber: text(20, 'housingStaff:building.houseNumberMissing', 'housingStaff:building.houseNumberTooLong'),
  postalCode: text(10, 'housingStaff:building.postalCodeMissing', 'housingStaff:building.postalCodeTooLong'),
  city: text(100, 'housingStaff:building.cityMissing', 'housingStaff:building.cityTooLong'),
});

/** The largest usable area a person may type: 99 999,99 m². */
export const MAX_AREA_HUNDREDTHS = 9_999_999;

const AREA_PROBLEMS: Record<AmountProblem, string> = {
  empty: 'housingStaff:premises.areaMissing',
  format: 'housingStaff:premises.areaFormat',
  tooManyDecimals: 'housingStaff:premises.areaFormat',
  notPositive: 'housingStaff:premises.areaPositive',
  tooLarge: 'housingStaff:premises.areaTooLarge',
};

const area = z.string('housingStaff:premises.areaMissing').transform((typed, context) => {
  const parsed = parseAmount(typed, MAX_AREA_HUNDREDTHS);
  if (parsed.ok) return parsed.minor;
  context.addIssue({ code: 'custom', message: AREA_PROBLEMS[parsed.problem] });
  return z.NEVER;
});

const persons = z
  .string('housingStaff:premises.personsFormat')
  .trim()
  .regex(/^\d{1,2}$/, 'housingStaff:premises.personsFormat')
  .transform(Number);

/** An opening balance: > 0 owed, < 0 overpaid, empty or zero none. */
const openingBalance = z
  .string()
  .optional()
  .transform((typed, context) => {
    const read = readAmount(typed ?? '', true);
    if (read.ok) return read.value;
    if (read.problem === 'missingValue' || read.problem === 'zeroAmount') return 0;
    const tooLarge = read.problem === 'amountTooLarge';
    context.addIssue({
      code: 'custom',
      message: tooLarge ? 'housingStaff:premises.openingTooLarge' : 'housingStaff:premises.openingFormat',
    });
    return z.NEVER;
  });

/** Each fund's opening balance field. */
export const OPENING_FIELDS = {
  maintenance: 'openingMaintenance',
  repair_fund: 'openingRepairFund',
} as const satisfies Record<Fund, string>;

export const premisesDataForm = z.object({ area, persons });

export const newPremisesForm = z.object({
  kind: z.enum(PREMISES_KINDS, 'housingStaff:premises.kindMissing'),
  number: text(20, 'housingStaff:premises.numberMissing', 'housingStaff:premises.numberTooLong'),
  code: text(50, 'housingStaff:premises.codeMissing', 'housingStaff:premises.codeTooLong'),
  area,
  persons,
  openedOn: z
    .string('housingStaff:premises.openedOnFormat')
    .trim()
    .refine((value) => parseCalendarDay(value) !== undefined, 'housingStaff:premises.openedOnFormat'),
  [OPENING_FIELDS.maintenance]: openingBalance,
  [OPENING_FIELDS.repair_fund]: openingBalance,
});

export type NewPremisesForm = z.infer<typeof newPremisesForm>;

/** The form's opening balances by fund. */
export const openingBalances = (form: NewPremisesForm): Record<Fund, number> =>
  Object.fromEntries(FUNDS.map((fund) => [fund, form[OPENING_FIELDS[fund]]])) as Record<Fund, number>;
