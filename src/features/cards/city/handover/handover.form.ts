// The handover of a personal city card at the counter (issue #23, source 001): the clerk confirms
// the holder's identity (ticks that the document was checked and types its number again, which
// must be the application's), records the written confirmation and the photo handed back, and
// loads the card's first ticket or top-up, paid at the till (load.form.ts).
import { z } from 'zod';
import { chosenLoad, documentNumberField, loadFields, ticked } from './load.form.ts';

export const handoverForm = z
  .object({
    documentChecked: ticked('cards:handover.documentCheckedMissing'),
    documentNumber: documentNumberField,
    confirmationSigned: ticked('cards:handover.confirmationMissing'),
    photoReturned: ticked('cards:handover.photoReturnedMissing'),
    ...loadFields,
  })
  .transform((form, context) => ({ documentNumber: form.documentNumber, ...chosenLoad(form, context) }));

export type HandoverForm = z.infer<typeof handoverForm>;
