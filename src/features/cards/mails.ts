// The cards context's mail: one template for every state a card reaches, sent to the applicant
// in the transaction that moved the card (cards.workflow.ts). One request that moves a card
// several steps (submitted, approved and issued at once) sends one mail, about where it ended.
import { z } from 'zod';
import { defineMail, oneLine } from '../../platform/mail/templates.ts';
import { CARD_STATES } from './workflow.ts';

const isoDay = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);

/** The front desks a ready mail names at most: a city's first twenty, its page lists them all. */
export const MAIL_DESKS_MAX = 20;

export const CARD_STATE_MAIL = defineMail(
  'card-state',
  z.object({
    firstName: oneLine,
    cardName: oneLine,
    /** The card type's code: the link to the card's page. */
    cardCode: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    state: z.enum(CARD_STATES),
    number: z
      .string()
      .regex(/^[0-9]{8,19}$/)
      .optional(),
    /** What is left to pay of the card's fees, in minor units, with its currency; absent when nothing. */
    due: z.object({ amount: z.number().int().positive(), currency: z.enum(['PLN', 'CZK']) }).optional(),
    /** Why an application was returned or rejected, as the clerk wrote it. */
    reasons: z.string().max(2000).optional(),
    /** A city card ready for pickup: the first and last day it may be picked up (YYYY-MM-DD)… */
    pickup: z.object({ from: isoDay, until: isoDay }).optional(),
    /** … and the front desks where. */
    desks: z
      .array(z.object({ name: oneLine, street: oneLine, postalCode: oneLine, city: oneLine }))
      .max(MAIL_DESKS_MAX)
      .optional(),
  }),
  // A card may move a few times in a minute at the counter (returned, resubmitted, approved).
  { perMinute: 10, perDay: 50 },
);

export const CARDS_MAILS = [CARD_STATE_MAIL];
