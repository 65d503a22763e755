// POST /admin/cards/:id/handover: a personal city card handed over at the counter (issue #23), its
// form on the card's page in place of the workflow's plain "issue" button. What the form lacks
// (a box not ticked, no load chosen) and what the service refuses (the document's number not the
// application's, a top-up under the minimum, a ticket not on sale) is said at its field (422) and
// nothing changes; a card not ready for pickup (handed over a moment ago, lapsed) is a 409 with
// the card as it is; another tenant's card, or a card that is no city card, is a 404.
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../../../platform/http/errors.ts';
import { typedValues, validate, type FieldError } from '../../../../platform/http/forms.ts';
import { idInPath, idParam } from '../../../../platform/http/id-param.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../../staff/index.ts';
import type { CardsDeps } from '../../cards.deps.ts';
import { renderCardPage } from '../../desk/card-desk.page.ts';
import { handoverForm } from './handover.form.ts';
import { handOverCard, type HandoverOutcome } from './handover.service.ts';

type Refused = Extract<
  HandoverOutcome,
  { kind: 'documentMismatch' | 'loadRequired' | 'ticketNotOnSale' | 'topUpTooSmall' }
>;

/** The field a refusal is said at, in the staff member's language. */
export function refusalAtField(res: Response, refusal: Refused): FieldError {
  const { t, fmt } = res.locals.ctx;
  switch (refusal.kind) {
    case 'documentMismatch':
      return { field: 'documentNumber', message: t('cards:handover.documentNumberMismatch') };
    case 'loadRequired':
      return { field: 'load', message: t('cards:handover.chooseLoad') };
    case 'ticketNotOnSale':
      return { field: 'ticket', message: t('cards:handover.ticketNotOnSale') };
    case 'topUpTooSmall':
      return {
        field: 'topUp',
        message: t('cards:handover.topUpTooSmall', { minimum: fmt.money(refusal.minimum, refusal.currency) }),
      };
  }
}

export function handoverRouter(deps: CardsDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const again = (req: Request, res: Response, status: number, errors: FieldError[] = []) =>
    renderCardPage(deps, res, idParam(req), { status, errors, values: typedValues(req.body) });
  const form = validate(handoverForm, (req, res, invalid) => again(req, res, 422, invalid.errors));

  router.post('/cards/:id/handover', guard, allow('cards.handOver'), idInPath, form, async (req, res) => {
    const { ctx } = res.locals;
    const handover = form.data(res);
    const cardId = idParam(req);
    const outcome = await handOverCard(deps, staffContext(res), {
      cardId,
      form: handover,
      topUpTitle: ctx.t('cards:handover.topUpTitle'),
      paymentTitle: ctx.t(`adminMoney:payment.titles.${handover.paid?.source ?? 'cash'}`),
    });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such city card here');
    if (outcome.kind === 'notAllowed') throw new HttpError(403, 'not allowed');
    if (outcome.kind === 'notReady') return renderCardPage(deps, res, cardId, { status: 409, notice: 'notReady' });
    if (outcome.kind !== 'handedOver') return again(req, res, 422, [refusalAtField(res, outcome)]);
    res.redirect(303, ctx.url(`/admin/cards/${cardId}?done=handedOver`));
  });

  return router;
}
