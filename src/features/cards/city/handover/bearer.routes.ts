// City cards sold to the bearer at the counter (issue #23): GET /admin/cards/bearer/new is the sale's
// form (the city card type, the first ticket or top-up, how it was paid), POST /admin/cards/bearer
// sells one and leads to its page, GET /admin/cards/bearer/:id shows it (number, deposit, loads),
// POST /admin/cards/bearer/:id/block blocks it at the bearer's word. The form's errors and the
// service's refusals (a top-up under 20 zł, a ticket not on sale) are said at their fields (422)
// and nothing is sold; another tenant's card is a 404.
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../../../platform/http/errors.ts';
import { typedValues, validate, type FieldError } from '../../../../platform/http/forms.ts';
import { idInPath, idParam } from '../../../../platform/http/id-param.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../../staff/index.ts';
import type { CardsDeps } from '../../cards.deps.ts';
import { bearerSaleForm } from './bearer.form.ts';
import { bearerCardAtCounter, bearerOffer, blockBearerCardAtCounter, sellBearerCard } from './bearer.service.ts';
import { refusalAtField } from './handover.routes.ts';

const NOTICES = ['sold', 'blocked', 'alreadyBlocked'] as const;

export function bearerCardsRouter(deps: CardsDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);

  const saleForm = async (req: Request, res: Response, status = 200, errors: FieldError[] = []) => {
    const offer = await bearerOffer(deps, staffContext(res));
    res.setHeader('Cache-Control', 'no-store');
    const firstType = offer.types[0]?.cardType.code ?? '';
    const values = status === 200 ? { source: 'cash', cardType: firstType } : typedValues(req.body);
    res.status(status).render('admin/cards/city/bearer-sale', {
      title: res.locals.ctx.t('cards:bearer.saleTitle'),
      offer,
      errors,
      values,
    });
  };

  router.get('/cards/bearer/new', guard, allow('cards.handOver'), (req, res) => saleForm(req, res));

  const sale = validate(bearerSaleForm, (req, res, invalid) => saleForm(req, res, 422, invalid.errors));
  router.post('/cards/bearer', guard, allow('cards.handOver'), sale, async (req, res) => {
    const { ctx } = res.locals;
    const form = sale.data(res);
    const sold = await sellBearerCard(deps, staffContext(res), {
      form,
      topUpTitle: ctx.t('cards:handover.topUpTitle'),
      depositTitle: ctx.t('cards:bearer.depositTitle'),
      paymentTitle: ctx.t(`adminMoney:payment.titles.${form.paid?.source ?? 'cash'}`),
    });
    if (sold.kind === 'notAllowed') throw new HttpError(403, 'not allowed');
    if (sold.kind === 'noSuchCardType') {
      return saleForm(req, res, 422, [{ field: 'cardType', message: ctx.t('cards:bearer.chooseCardType') }]);
    }
    if (sold.kind !== 'sold') return saleForm(req, res, 422, [refusalAtField(res, sold)]);
    res.redirect(303, ctx.url(`/admin/cards/bearer/${sold.id}?done=sold`));
  });

  router.get('/cards/bearer/:id', guard, allow('cards.view'), async (req, res) => {
    const bearer = await bearerCardAtCounter(deps, staffContext(res), idParam(req));
    if (!bearer) throw new HttpError(404, 'no such bearer card here');
    res.setHeader('Cache-Control', 'no-store');
    res.render('admin/cards/city/bearer-card', {
      title: res.locals.ctx.t('cards:bearer.title', { number: bearer.card.number }),
      bearer,
      notice: NOTICES.find((notice) => notice === req.query.done),
    });
  });

  router.post('/cards/bearer/:id/block', guard, allow('cards.review'), idInPath, async (req, res) => {
    const cardId = idParam(req);
    const blocked = await blockBearerCardAtCounter(deps, staffContext(res), cardId);
    if (blocked.kind === 'notFound') throw new HttpError(404, 'no such bearer card here');
    if (blocked.kind === 'notAllowed') throw new HttpError(403, 'not allowed');
    res.redirect(303, res.locals.ctx.url(`/admin/cards/bearer/${cardId}?done=${blocked.kind}`));
  });

  return router;
}
