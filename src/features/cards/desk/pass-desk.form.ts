// The counter's season pass forms (issue #22): a pass sold at the till (which type, at which
// price, paid how, the receipt's number, as the money core's counter payment asks), an entry on a
// pass, and a client's entitlement (its kind and last day, from the document the client shows).
import { z } from 'zod';
import { parseCalendarDay } from '../../../lib/zoned-date.ts';
import { counterPaymentForm } from '../../money/index.ts';
import { ENTITLEMENT_KINDS } from '../passes/passes.types.ts';

export const passSaleForm = counterPaymentForm.pick({ source: true, receiptNumber: true }).extend({
  passType: z.string('cards:desk.passes.choosePassType').trim().min(1, 'cards:desk.passes.choosePassType').max(50),
  price: z.enum(['full', 'reduced'], 'cards:desk.passes.choosePrice'),
});

export const passEntryForm = z.object({ pass: z.uuid('cards:desk.passes.noSuchPass') });

export const entitlementForm = z.object({
  kind: z.enum(ENTITLEMENT_KINDS, 'cards:desk.entitlements.chooseKind'),
  validUntil: z
    .string('cards:desk.entitlements.validUntilMissing')
    .trim()
    .min(1, 'cards:desk.entitlements.validUntilMissing')
    .refine((value) => parseCalendarDay(value) !== undefined, 'cards:desk.entitlements.validUntilFormat'),
});
