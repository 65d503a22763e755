// The forms of a change of a city card holder's data by request (issue #23): the new address and
// the discount are the application's own forms (application.form.ts), the new name is the holder's
// two names; the counter's completion checks the identity as the handover does (the document's
// number typed again) and that the card was presented, and takes the new card's deposit's payment
// when the name changes (the service asks for it only then).
import { z } from 'zod';
import { personName } from '../../../accounts/index.ts';
import { documentNumberField, ticked } from '../handover/load.form.ts';

export { addressForm, discountForm } from '../apply/application.form.ts';

export const nameChangeForm = z.object({ firstName: personName, lastName: personName });

export const completionForm = z
  .object({
    documentNumber: documentNumberField,
    cardPresented: ticked('cards:changes.cardPresentedMissing'),
    source: z.enum(['cash', 'card'], 'adminMoney:payment.chooseSource').optional(),
    receiptNumber: z.string().trim().max(50, 'adminMoney:payment.receiptTooLong').optional(),
  })
  .transform((form) => ({
    documentNumber: form.documentNumber,
    ...(form.source && form.receiptNumber ? { paid: { source: form.source, receiptNumber: form.receiptNumber } } : {}),
  }));
