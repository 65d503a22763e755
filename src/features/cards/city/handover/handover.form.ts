// The handover of a personal city card at the counter (issue #23, source 001): the clerk confirms
// the holder's identity (ticks that the document was checked and types its number again, which
// must be the application's), records the written confirmation and the photo handed back, and
// loads the card's first ticket or top-up, paid at the till (load.form.ts).
import { z } from 'zod';
import { chosenLoad, loadFields, normaliseDocumentNumber, ticked } from './load.form.ts';

export const handoverForm = z
  .object({
    documentChecked: ticked('cards:handover.documentCheckedMissing'),
    documentNumber: z
      .string('cards:handover.documentNumberMissing')
      .max(40, 'cards:handover.documentNumberMismatch')
      .transform(normaliseDocumentNumber)
      .refine((number) => number.length > 0, 'cards:handover.documentNumberMissing'),
    confirmationSigned: ticked('cards:handover.confirmationMissing'),
    photoReturned: ticked('cards:handover.photoReturnedMissing'),
    ...loadFields,
  })
  .transform((form, context) => ({ documentNumber: form.documentNumber, ...chosenLoad(form, context) }));

export type HandoverForm = z.infer<typeof handoverForm>;
