// /admin/cards/:id: a card at the counter (issue #22), with a form for each step of the workflow
// the member of staff's role may take from the card's state; POST /admin/cards/:id/transitions
// takes one. A card of another tenant, or an id that is none, is a 404; a return or a rejection
// without its reasons is said at its field (422); a step the card has moved past meanwhile is a
// 409 with the card as it is now.
import { Router, type Response } from 'express';
import { HttpError } from '../../../platform/http/errors.ts';
import { readForm } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/id-param.ts';
import type { NationalIdProtector } from '../../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import type { CardsDeps } from '../cards.deps.ts';
import { renderCardPage, type ShownOnCardPage } from './card-desk.page.ts';
import { transitionAtCounter } from './card-desk.service.ts';
import { transitionForm } from './card-desk.form.ts';
import { CHANGE_NOTICES } from '../city/changes/changes.routes.ts';
import { TRANSITION_NAMES } from '../workflow.ts';

/** What the page says after a step, a pass form or an application at the counter, by the `done` its redirect carries. */
const NOTICES = [
  'taken',
  'sold',
  'soldOlderFirst',
  'entered',
  'entitlementRecorded',
  'applied',
  'alreadyOpen',
  'handedOver',
  ...CHANGE_NOTICES,
] as const;

/** A replacement among the steps: a city card's holder PESEL is sealed anew for the new card. */
export function cardDeskRouter(deps: CardsDeps & GuardDeps & { nationalIds: NationalIdProtector }): Router {
  const router = Router();
  const guard = requireStaff(deps);

  const render = (res: Response, cardId: string, shown?: ShownOnCardPage) => renderCardPage(deps, res, cardId, shown);

  router.get('/cards/:id', guard, allow('cards.view'), (req, res) =>
    render(res, idParam(req), { notice: NOTICES.find((notice) => notice === req.query.done) }),
  );

  router.post('/cards/:id/transitions', guard, allow('cards.review'), async (req, res) => {
    const { ctx } = res.locals;
    const cardId = idParam(req);
    // The step is the button's hidden field: one that is no step of ours is no form of ours.
    const transition: unknown = (req.body as Record<string, unknown> | undefined)?.transition;
    if (!TRANSITION_NAMES.some((name) => name === transition)) throw new HttpError(404, 'not a step');
    const form = readForm(transitionForm, req.body, ctx.t);
    if (!form.ok) {
      const errors = form.errors.map((error) => ({ ...error, href: `#reasons-${String(transition)}` }));
      return render(res, cardId, { status: 422, errors, values: form.values });
    }
    const { transition: name, reasons } = form.data;
    const outcome = await transitionAtCounter(deps, staffContext(res), { cardId, name, reasons });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such card here');
    if (outcome.kind === 'refused') return render(res, cardId, { status: 409, notice: 'moved' });
    if (outcome.kind === 'handoverForm') return render(res, cardId, { status: 409, notice: 'handoverForm' });
    res.redirect(303, ctx.url(`/admin/cards/${cardId}?done=taken`));
  });

  return router;
}
