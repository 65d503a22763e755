// The counter's forms that load a city card at the till (issue #23): the handover of a personal
// card and the sale of a bearer card. Both choose a period ticket or an e-purse top-up and take
// the payment as the money core's counter payment does (how it was paid, the receipt's number).
// The top-up's minimum depends on the card (10 zł personal, 20 zł bearer) and on its type's
// currency, so the service judges it and the route says it at the field. A handover of a card
// that carries what a replacement moved to it may load nothing: then nothing is paid either.
import { z } from 'zod';
import { parseAmount } from '../../../../lib/money.ts';
import type { FirstLoad } from './first-load.ts';

/** Every field of the load and its payment, as the page sends them (a radio not chosen is absent). */
export const loadFields = {
  load: z.enum(['ticket', 'top_up', 'none'], 'cards:handover.chooseLoad'),
  ticket: z.string().trim().max(50).optional(),
  topUp: z.string().max(20).optional(),
  source: z.enum(['cash', 'card'], 'adminMoney:payment.chooseSource').optional(),
  receiptNumber: z.string().trim().max(50, 'adminMoney:payment.receiptTooLong').optional(),
};

type LoadFields = z.infer<z.ZodObject<typeof loadFields>>;

export interface LoadChosen {
  /** Undefined: nothing loaded (only where the form offers it). */
  load?: FirstLoad;
  paid?: { source: 'cash' | 'card'; receiptNumber: string };
}

/** The load and its payment read from the fields, each missing part said at its field. */
export function chosenLoad(form: LoadFields, context: z.RefinementCtx): LoadChosen {
  const problem = (path: keyof LoadFields, message: string) =>
    context.addIssue({ code: 'custom', path: [path], message });
  if (form.load === 'none') return {};
  let load: FirstLoad | undefined;
  if (form.load === 'ticket') {
    if (form.ticket) load = { kind: 'ticket', ticketCode: form.ticket };
    else problem('ticket', 'cards:handover.chooseTicket');
  } else {
    const amount = parseAmount(form.topUp ?? '');
    if (amount.ok) load = { kind: 'top_up', amount: amount.minor };
    else problem('topUp', `adminMoney:payment.amount.${amount.problem}`);
  }
  if (!form.source) problem('source', 'adminMoney:payment.chooseSource');
  if (!form.receiptNumber) problem('receiptNumber', 'adminMoney:payment.receiptRequired');
  return form.source && form.receiptNumber
    ? { ...(load ? { load } : {}), paid: { source: form.source, receiptNumber: form.receiptNumber } }
    : {};
}

/** A checkbox the clerk must tick: the page sends "yes". */
export const ticked = (message: string) => z.literal('yes', message);

/** A document's number as typed, compared as the application keeps it: capitals, no spaces or dashes. */
export function normaliseDocumentNumber(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** The identity document's number typed again at the counter (a handover, a change completed). */
export const documentNumberField = z
  .string('cards:handover.documentNumberMissing')
  .max(40, 'cards:handover.documentNumberMismatch')
  .transform(normaliseDocumentNumber)
  .refine((number) => number.length > 0, 'cards:handover.documentNumberMissing');
