// The client's cards (issue #22): /cards (the tenant's card types and the client's card of
// each: the Client Card module's page), /cards/:code (the card: its number, state, since when,
// history and payments; or, with none in play, what applying costs and the Apply button),
// POST /cards/:code/application (apply; a second Apply finds the first) and
// POST /cards/:code/block (a lost card). A type the tenant does not offer, or of another
// tenant, is a 404.
import { Router, type Response } from 'express';
import { HttpError } from '../../../platform/http/errors.ts';
import { requireUser } from '../../../platform/http/require-user.ts';
import { serviceContext } from '../../../platform/service-context.ts';
import type { CardsDeps } from '../cards.deps.ts';
import { applyForCard, blockMyCard, myCard, myCards } from './my-cards.service.ts';

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** What the card's page says after a change, by the `done` its redirect carries. */
const NOTICES = ['applied', 'alreadyOpen', 'blocked'] as const;

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
    res.status(status).render('cards/card', { title: page.type.name, page, notice });
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

  return router;
}
