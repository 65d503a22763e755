// The sale of a city card to the bearer at the counter (issue #23, source 001): which city card
// type, and its first load paid at the till with the deposit (load.form.ts): a bearer card is
// never sold without a period ticket or an e-purse top-up, so "nothing" is no choice here.
import { z } from 'zod';
import { chosenLoad, loadFields } from './load.form.ts';

export const bearerSaleForm = z
  .object({
    cardType: z.string('cards:bearer.chooseCardType').trim().min(1, 'cards:bearer.chooseCardType').max(50),
    ...loadFields,
    load: z.enum(['ticket', 'top_up'], 'cards:handover.chooseLoad'),
  })
  .transform((form, context) => ({ cardType: form.cardType, ...chosenLoad(form, context) }));

export type BearerSaleForm = z.infer<typeof bearerSaleForm>;
