// The forms of a city card application (issue #23), the same online and at the counter: the
// holder (step 1, and a correction later), then one form for each part of the application, each
// saved on its own. Field names are unique across the application page, whose forms all stand on
// it together (the error summary links to them by id). The photo's and the proof's files are
// read by the upload layer, not here (application-uploads.ts); the discount's form sends its kind
// and validity before its file, so they are its fields.
import { z } from 'zod';
import type { Pesel } from '../../../../lib/pesel.ts';
import { parseCalendarDay } from '../../../../lib/zoned-date.ts';
import { nationalIdField, personName } from '../../../accounts/index.ts';
import { ENTITLEMENT_KINDS } from '../../passes/passes.types.ts';
import { ID_DOCUMENT_KINDS, REPRESENTATIVE_RELATIONS } from '../city-card.types.ts';

const INCAPACITIES = ['none', 'partial', 'full'] as const;

const holderFields = {
  firstName: personName,
  lastName: personName,
  incapacity: z.enum(INCAPACITIES, 'cityApplication:holder.incapacityMissing'),
};

/** Who the card is for: the holder's names, PESEL (the registration form's field) and legal capacity. */
export const newHolderForm = z.object({
  ...holderFields,
  // Required: never undefined once parsed.
  pesel: nationalIdField('required')!.transform((pesel) => pesel as Pesel),
});

/** A correction of the holder: the PESEL typed again only to change it (empty keeps it). */
export const holderChangeForm = z.object({ ...holderFields, pesel: nationalIdField('optional')! });

/** The city card types on offer at the counter's step 1, chosen by the type's id. */
export const cardTypeChoice = z.object({ cardType: z.uuid('cityApplication:holder.cardTypeMissing') });

export const addressForm = z.object({
  street: z
    .string('cityApplication:address.streetMissing')
    .trim()
    .min(1, 'cityApplication:address.streetMissing')
    .max(200),
  postalCode: z
    .string('cityApplication:address.postalCodeInvalid')
    .trim()
    .regex(/^[0-9]{2}-[0-9]{3}$/, 'cityApplication:address.postalCodeInvalid'),
  city: z.string('cityApplication:address.cityMissing').trim().min(1, 'cityApplication:address.cityMissing').max(100),
});

export const representativeForm = z.object({
  representativeName: personName,
  relation: z.enum(REPRESENTATIVE_RELATIONS, 'cityApplication:representative.relationMissing'),
  // A checkbox sends its value only when ticked.
  declaration: z.literal('yes', 'cityApplication:representative.declarationMissing'),
});

export const idDocumentForm = z.object({
  idKind: z.enum(ID_DOCUMENT_KINDS, 'cityApplication:idDocument.kindMissing'),
  // As printed, spaces and case aside: "abc 123456" is ABC123456.
  idNumber: z
    .string('cityApplication:idDocument.numberInvalid')
    .transform((typed) => typed.replace(/\s+/g, '').toUpperCase())
    .pipe(z.string().regex(/^[0-9A-Z]{5,20}$/, 'cityApplication:idDocument.numberInvalid')),
});

export const DISCOUNT_CHOICES = ['none', ...ENTITLEMENT_KINDS] as const;

export const discountForm = z
  .object({
    discountKind: z.enum(DISCOUNT_CHOICES, 'cityApplication:discount.kindMissing'),
    validUntil: z.string().trim().optional(),
  })
  .transform((form, context) => {
    if (form.discountKind === 'none') return { kind: 'none' as const };
    const validUntil = form.validUntil ?? '';
    if (parseCalendarDay(validUntil) === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['validUntil'],
        message:
          validUntil === ''
            ? 'cityApplication:discount.validUntilMissing'
            : 'cityApplication:discount.validUntilFormat',
      });
      return z.NEVER;
    }
    return { kind: form.discountKind, validUntil };
  });
