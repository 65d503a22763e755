// POST /admin/clients/:id/cards: a clerk applies for a card for the client, from the cards panel
// of the client's page (one button a type the client has no card of in play), then lands on the
// card's page, which says whether this made the application or found the card already in play.
// A client or card type of another tenant, or an id that is none, is a 404.
import { Router } from 'express';
import { z } from 'zod';
import { HttpError } from '../../../platform/http/errors.ts';
import { idParam } from '../../../platform/http/id-param.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import type { CardsDeps } from '../cards.deps.ts';
import { applyAtCounter } from './apply-at-counter.service.ts';

/** The panel's button: the card type in a hidden field, so one that is none is no form of ours. */
const applicationForm = z.object({ cardType: z.uuid() });

export function applyAtCounterRouter(deps: CardsDeps & GuardDeps): Router {
  const router = Router();

  router.post('/clients/:id/cards', requireStaff(deps), allow('cards.apply'), async (req, res) => {
    const clientId = idParam(req);
    const form = applicationForm.safeParse(req.body);
    if (!form.success) throw new HttpError(404, 'not a card type');
    const cardTypeId = form.data.cardType.toLowerCase();
    const outcome = await applyAtCounter(deps, staffContext(res), { clientId, cardTypeId });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such client or card type here');
    if (outcome.kind === 'refused') throw new HttpError(403, 'may not apply for cards');
    // A city card asks who it is for first.
    if (outcome.kind === 'namesHolder')
      return res.redirect(303, res.locals.ctx.url(`/admin/clients/${clientId}/city-cards/new`));
    res.redirect(303, res.locals.ctx.url(`/admin/cards/${outcome.cardId}?done=${outcome.kind}`));
  });

  return router;
}
