// A manager's forms of the pass catalogue (issue #22): a new pass type, and the terms of one on
// sale. Prices are typed as people write them ("120,00", the money core's typedAmount); days,
// entries and the limit of reduced-price passes as whole numbers, an empty field for none.
// What belongs together is checked together, each mistake at the field to fix: a pass counts
// days or entries (or both), and a reduced price comes with the group it is for, below the price.
import { z } from 'zod';
import { typedAmount } from '../../../money/index.ts';
import { ENTITLEMENT_KINDS } from '../passes.types.ts';

const text = (missing: string, tooLong: string) =>
  z
    .string(missing)
    .trim()
    .min(1, missing)
    .max(100, tooLong)
    .transform((typed) => typed.normalize('NFC'));

/** A whole number from min to max, or an empty field: null. */
const optionalWhole = (min: number, max: number, message: string) =>
  z
    .string(message)
    .trim()
    .regex(/^\d{0,7}$/, message)
    .transform((typed) => (typed === '' ? null : Number(typed)))
    .refine((whole) => whole === null || (whole >= min && whole <= max), message);

const price = z.string('passCatalogue:errors.priceMissing').trim().min(1, 'passCatalogue:errors.priceMissing');

/** The reduced price typed, or an empty field: null. */
const reducedPrice = z
  .string()
  .trim()
  .transform((typed) => (typed === '' ? undefined : typed))
  .pipe(typedAmount.optional())
  .transform((amount) => amount ?? null);

/** The group a reduced price is for; "none" on the form is no reduced price. */
const reducedFor = z
  .enum(['none', ...ENTITLEMENT_KINDS], 'passCatalogue:errors.reducedForMissing')
  .transform((kind) => (kind === 'none' ? null : kind));

const termsShape = {
  name: text('passCatalogue:errors.nameMissing', 'passCatalogue:errors.nameTooLong'),
  facility: text('passCatalogue:errors.facilityMissing', 'passCatalogue:errors.facilityTooLong'),
  price: price.pipe(typedAmount),
  reducedPrice,
  reducedFor,
  reducedLeft: optionalWhole(0, 100_000, 'passCatalogue:errors.reducedLeftInvalid'),
};

interface ReducedTerms {
  price: number;
  reducedPrice: number | null;
  reducedFor: string | null;
  reducedLeft: number | null;
}

/** A reduced price and its group both or neither, the price below the full one, a limit only with it. */
function checkReduced(form: ReducedTerms, context: z.RefinementCtx): void {
  const issue = (field: keyof ReducedTerms, message: string) =>
    context.addIssue({ code: 'custom', path: [field], message: `passCatalogue:errors.${message}` });
  if (form.reducedPrice === null) {
    if (form.reducedFor !== null) issue('reducedPrice', 'reducedPriceMissing');
    else if (form.reducedLeft !== null) issue('reducedLeft', 'reducedLeftWithoutPrice');
    return;
  }
  if (form.reducedPrice >= form.price) issue('reducedPrice', 'reducedNotBelow');
  if (form.reducedFor === null) issue('reducedFor', 'reducedForMissing');
}

export const newPassTypeForm = z
  .object({
    // A card type's id, as the radio buttons send it; whether it is the tenant's, the service asks.
    cardType: z.uuid('passCatalogue:errors.cardTypeMissing').transform((id) => id.toLowerCase()),
    code: z
      .string('passCatalogue:errors.codeInvalid')
      .trim()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'passCatalogue:errors.codeInvalid')
      .max(50, 'passCatalogue:errors.codeInvalid'),
    ...termsShape,
    validityDays: optionalWhole(1, 366, 'passCatalogue:errors.daysInvalid'),
    entries: optionalWhole(1, 1000, 'passCatalogue:errors.entriesInvalid'),
  })
  .superRefine((form, context) => {
    checkReduced(form, context);
    if (form.validityDays === null && form.entries === null) {
      context.addIssue({ code: 'custom', path: ['validityDays'], message: 'passCatalogue:errors.validityMissing' });
    }
  });

export type NewPassTypeForm = z.infer<typeof newPassTypeForm>;

export const passTypeTermsForm = z
  .object({
    ...termsShape,
    // What the page showed as left: a limit typed unchanged keeps what sales have left since.
    reducedLeftShown: optionalWhole(0, 100_000, 'passCatalogue:errors.reducedLeftInvalid'),
    onSale: z
      .literal('yes')
      .optional()
      .transform((ticked) => ticked === 'yes'),
  })
  .superRefine(checkReduced);

export type PassTypeTermsForm = z.infer<typeof passTypeTermsForm>;
