// The client's cards (issue #22): /cards (the tenant's card types and the client's card of
// each: the Client Card module's page), /cards/:code (the card: its number, state, since when,
// history and payments; or, with none in play, what applying costs and the Apply button),
// POST /cards/:code/application (apply; a second Apply finds the first),
// POST /cards/:code/block (a lost card), POST /cards/:code/passes (buy a season pass: unpaid
// until paid on the Pay page) and POST /cards/:code/passes/:id/cancellation (an unpaid one). A
// type the tenant does not offer, or of another tenant, and a pass not on the client's card
// are a 404; a purchase refused (no active card, off sale, no entitlement, sold out) is the
// card's page again saying why.
import { randomBytes } from 'node:crypto';
import { Router, type Response } from 'express';
import { HttpError } from '../../../platform/http/errors.ts';
import { validate } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/id-param.ts';
import { requireUser } from '../../../platform/http/require-user.ts';
import { serviceContext } from '../../../platform/service-context.ts';
import type { CardsDeps } from '../cards.deps.ts';
import { applyForCard, blockMyCard, myCard, myCards } from './my-cards.service.ts';
import { passPurchaseForm } from './my-passes.form.ts';
import { buyPass, cancelMyPass, type PurchaseOutcome } from './my-passes.service.ts';

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** What the card's page says after a change, by the `done` its redirect carries. */
const NOTICES = ['applied', 'alreadyOpen', 'blocked', 'passBought', 'passCancelled'] as const;
/** A purchase refused: the status and what the page says. */
const REFUSED: Record<Exclude<PurchaseOutcome['kind'], 'bought' | 'notFound'>, [number, string]> = {
  cardNotActive: [409, 'passCardNotActive'],
  notOnSale: [409, 'passNotOnSale'],
  notEntitled: [422, 'passNotEntitled'],
  reducedSoldOut: [409, 'passReducedSoldOut'],
};

function codeOf(value: unknown): string {
  if (typeof value !== 'string' || !CODE.test(value) || value.length > 50) throw new HttpError(404, 'not a card type');
  return value;
}

export function myCardsRouter(deps: CardsDeps): Router {
  const router = Router();
  const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store');

  router.get('/cards', requireUser, async (_req, res) => {
    noStore(res);
    const offers = await myCards(deps, serviceContext(res));
    res.render('cards/list', { title: res.locals.ctx.t('cards:list.title'), offers });
  });

  const renderCard = async (res: Response, code: string, status = 200, notice?: string) => {
    const page = await myCard(deps, serviceContext(res), code);
    if (!page) throw new HttpError(404, 'no such card type here');
    noStore(res);
    // Each of the page's purchase forms sends this and its pass type's code as its key.
    const purchaseKey = randomBytes(24).toString('base64url');
    res.status(status).render('cards/card', { title: page.type.name, page, notice, purchaseKey });
  };

  router.get('/cards/:code', requireUser, (req, res) =>
    renderCard(
      res,
      codeOf(req.params.code),
      200,
      NOTICES.find((notice) => notice === req.query.done),
    ),
  );

  router.post('/cards/:code/application', requireUser, async (req, res) => {
    const code = codeOf(req.params.code);
    const outcome = await applyForCard(deps, serviceContext(res), code);
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such card type here');
    res.redirect(303, res.locals.ctx.url(`/cards/${code}?done=${outcome.kind}`));
  });

  router.post('/cards/:code/block', requireUser, async (req, res) => {
    const code = codeOf(req.params.code);
    const outcome = await blockMyCard(deps, serviceContext(res), code);
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no card of this type in play');
    // Blocked meanwhile (at the counter, in another tab), or not active: the page says where it is.
    if (outcome.kind === 'refused') return renderCard(res, code, 409, 'notBlocked');
    res.redirect(303, res.locals.ctx.url(`/cards/${code}?done=blocked`));
  });

  // Only a forged form fails: the page's forms send a type's code and a price it offers.
  const purchase = validate(passPurchaseForm, (req, res) =>
    renderCard(res, codeOf(req.params.code), 422, 'passNotOnSale'),
  );
  router.post('/cards/:code/passes', requireUser, purchase, async (req, res) => {
    const code = codeOf(req.params.code);
    const outcome = await buyPass(deps, serviceContext(res), code, purchase.data(res));
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such card type here');
    if (outcome.kind !== 'bought') return renderCard(res, code, ...REFUSED[outcome.kind]);
    res.redirect(303, res.locals.ctx.url(`/cards/${code}?done=passBought`));
  });

  router.post('/cards/:code/passes/:id/cancellation', requireUser, async (req, res) => {
    const { ctx } = res.locals;
    const code = codeOf(req.params.code);
    const passId = idParam(req);
    const reason = ctx.t('cards:myPasses.cancelReason');
    const outcome = await cancelMyPass(deps, serviceContext(res), { code, passId, reason });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such pass on the card');
    // Paid meanwhile (online in another tab, at the till): the page shows it valid.
    if (outcome.kind === 'notUnpaid') return renderCard(res, code, 409, 'passNotUnpaid');
    res.redirect(303, ctx.url(`/cards/${code}?done=passCancelled`));
  });

  return router;
}
