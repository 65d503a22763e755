// Season passes on a card's page at the counter (issue #22): POST /admin/cards/:id/passes sells
// a pass paid at the till, POST /admin/cards/:id/entries records an entry on one of the card's
// passes, POST /admin/cards/:id/entitlements records the holder's entitlement to reduced prices.
// A form's errors are said at their fields (422); a refusal (the card not active, the pass used
// up, no reduced price left) is said on the card's page (409) and nothing is changed.
import { Router, type Response } from 'express';
import { HttpError } from '../../../platform/http/errors.ts';
import { readForm, type InvalidFormResult } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/id-param.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import type { CardsDeps } from '../cards.deps.ts';
import { renderCardPage } from './card-desk.page.ts';
import { entitlementForm, passEntryForm, passSaleForm } from './pass-desk.form.ts';
import { recordEntitlementAtCounter, recordEntryAtCounter, sellPassAtCounter } from './pass-desk.service.ts';

export function passDeskRouter(deps: CardsDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);

  const refuse = (res: Response, cardId: string, notice: string) =>
    renderCardPage(deps, res, cardId, { status: 409, notice });
  // The page's forms name their fields apart, so the errors and values of the one sent fill in that one.
  const invalid = (res: Response, cardId: string, failed: InvalidFormResult) =>
    renderCardPage(deps, res, cardId, { status: 422, errors: failed.errors, values: failed.values });
  const done = (res: Response, cardId: string, notice: string) =>
    res.redirect(303, res.locals.ctx.url(`/admin/cards/${cardId}?done=${notice}`));

  router.post('/cards/:id/passes', guard, allow('cards.sellPasses'), async (req, res) => {
    const { t } = res.locals.ctx;
    const cardId = idParam(req);
    const form = readForm(passSaleForm, req.body, t);
    if (!form.ok) return invalid(res, cardId, form);
    const { passType, price, source, receiptNumber } = form.data;
    const title = t(`adminMoney:payment.titles.${source}`);
    const sale = await sellPassAtCounter(deps, staffContext(res), {
      cardId,
      passTypeCode: passType,
      reduced: price === 'reduced',
      source,
      receiptNumber,
      title,
    });
    if (sale.kind === 'notFound') throw new HttpError(404, 'no such card here');
    if (sale.kind === 'notAllowed') throw new HttpError(403, 'not allowed');
    if (sale.kind !== 'bought') return refuse(res, cardId, `sale.${sale.kind}`);
    // A payment settles the card's oldest debts first (the money core's rule): with an older
    // pass unpaid, the payment went to that one, and this one waits for its own.
    done(res, cardId, sale.pass.state === 'valid' ? 'sold' : 'soldOlderFirst');
  });

  router.post('/cards/:id/entries', guard, allow('cards.recordEntries'), async (req, res) => {
    const cardId = idParam(req);
    const form = readForm(passEntryForm, req.body, res.locals.ctx.t);
    if (!form.ok) throw new HttpError(404, 'no such pass');
    const entry = await recordEntryAtCounter(deps, staffContext(res), { cardId, passId: form.data.pass });
    if (entry.kind === 'notFound') throw new HttpError(404, 'no such pass on the card');
    if (entry.kind === 'notAllowed') throw new HttpError(403, 'not allowed');
    if (entry.kind === 'cardNotActive') return refuse(res, cardId, 'entry.cardNotActive');
    if (entry.kind === 'refused') return refuse(res, cardId, `entry.${entry.standing}`);
    done(res, cardId, 'entered');
  });

  router.post('/cards/:id/entitlements', guard, allow('cards.recordEntitlements'), async (req, res) => {
    const cardId = idParam(req);
    const form = readForm(entitlementForm, req.body, res.locals.ctx.t);
    if (!form.ok) return invalid(res, cardId, form);
    const outcome = await recordEntitlementAtCounter(deps, staffContext(res), { cardId, ...form.data });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such card here');
    if (outcome.kind === 'notAllowed') throw new HttpError(403, 'not allowed');
    done(res, cardId, 'entitlementRecorded');
  });

  return router;
}
