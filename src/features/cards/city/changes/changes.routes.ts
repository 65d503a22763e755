// The routes of a change of a city card holder's data by request (issue #23). changeRequestsRouter
// puts the request's forms under a page's path, the same online (/cards/:code/applications/:id,
// the applicant's) and at the counter (/admin/cards/:id, cards.changeData): /changes/address,
// /changes/name and /changes/discount (multipart: its proof) ask for a change, /changes/cancel
// withdraws the open one. changeCompletionRouter is the counter's POST /admin/cards/:id/changes/
// complete. A form with mistakes, or a refusal at a field (a document number that is not the
// application's), is the page again with them (422) and nothing changes; a second open request,
// a card that is not active or nothing left to complete is the page with a notice (409); a card
// the visitor may not see is a 404. A request or a completion redirects to the page (303).
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../../../platform/http/errors.ts';
import { typedValues, validate, type FieldError } from '../../../../platform/http/forms.ts';
import { idInPath, idParam } from '../../../../platform/http/id-param.ts';
import { UploadTooLarge } from '../../../../platform/uploads/receive-upload.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../../staff/index.ts';
import { renderCardPage } from '../../desk/card-desk.page.ts';
import type { CityApplyDeps } from '../apply/application-access.ts';
import type { PartsPlace } from '../apply/application-parts.routes.ts';
import { PROOF_MAX_MB, receivedProof } from '../apply/application-uploads.ts';
import { addressForm, completionForm, discountForm, nameChangeForm } from './changes.form.ts';
import {
  cancelRequest,
  completeRequest,
  requestChange,
  type ChangeInput,
  type RequestOutcome,
} from './changes.service.ts';

/** What the pages say after a change's request, cancellation or completion, by the `done` its redirect carries. */
export const CHANGE_NOTICES = ['changeRequested', 'changeCancelled', 'changeCompleted', 'changeNewCard'] as const;

/** The 409s' notices, by the refusal. */
const REFUSED_NOTICE = {
  alreadyOpen: 'changeAlreadyOpen',
  notActive: 'changeNotActive',
  nothingOpen: 'changeNothingOpen',
} as const;

export function changeRequestsRouter(deps: CityApplyDeps, place: PartsPlace): Router {
  const router = Router();
  const { path, guard } = place;
  const invalid = (req: Request, res: Response, shown: { errors: FieldError[] }) =>
    place.render(req, res, { status: 422, ...shown, values: typedValues(req.body) as Record<string, string> });

  const answer = async (req: Request, res: Response, outcome: RequestOutcome) => {
    switch (outcome.kind) {
      case 'requested':
        return res.redirect(303, `${place.pageUrl(req, res)}?done=changeRequested#changes`);
      case 'notFound':
        throw new HttpError(404, 'no such city card here');
      case 'alreadyOpen':
      case 'notActive':
        return place.render(req, res, { status: 409, notice: REFUSED_NOTICE[outcome.kind] });
      case 'refused':
        return invalid(req, res, { errors: [{ field: outcome.field, message: res.locals.ctx.t(outcome.message) }] });
    }
  };
  const ask = async (req: Request, res: Response, input: ChangeInput) =>
    answer(req, res, await requestChange(deps, place.contextOf(res), place.refOf(req), input));

  const address = validate(addressForm, invalid);
  router.post(`${path}/changes/address`, ...guard, address, (req, res) =>
    ask(req, res, { kind: 'address', address: address.data(res) }),
  );

  const name = validate(nameChangeForm, invalid);
  router.post(`${path}/changes/name`, ...guard, name, (req, res) => ask(req, res, { kind: 'name', ...name.data(res) }));

  // The discount's kind and validity are the fields before its file; no discount reads no file.
  const discount = validate(discountForm, invalid);
  router.post(`${path}/changes/discount`, ...guard, discount, async (req, res) => {
    const claimed = discount.data(res);
    try {
      if (claimed.kind === 'none') return await ask(req, res, { kind: 'discount', discount: claimed });
      const proof = await receivedProof(req);
      if (proof.kind === 'problem') {
        const message = res.locals.ctx.t(proof.problem.message, proof.problem.values ?? {});
        return await invalid(req, res, { errors: [{ field: 'proof', message }] });
      }
      const withProof = { ...claimed, ...(proof.kind === 'proof' ? { proof } : {}) };
      await ask(req, res, { kind: 'discount', discount: withProof });
    } catch (error) {
      if (!(error instanceof UploadTooLarge)) throw error;
      const message = res.locals.ctx.t('cityApplication:discount.tooLargeFile', { size: PROOF_MAX_MB });
      await place.render(req, res, { status: 413, errors: [{ field: 'proof', message }] });
    }
  });

  router.post(`${path}/changes/cancel`, ...guard, async (req, res) => {
    const outcome = await cancelRequest(deps, place.contextOf(res), place.refOf(req));
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such city card here');
    if (outcome.kind === 'nothingOpen') return place.render(req, res, { status: 409, notice: 'changeNothingOpen' });
    res.redirect(303, `${place.pageUrl(req, res)}?done=changeCancelled#changes`);
  });

  return router;
}

/** The counter's side: the request's forms on the card's page, and the completion. */
export function changeCompletionRouter(deps: CityApplyDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const pageUrl = (req: Request, res: Response) => res.locals.ctx.url(`/admin/cards/${idParam(req)}`);
  const render = (req: Request, res: Response, shown: { status?: number; notice?: string; errors?: FieldError[] }) =>
    renderCardPage(deps, res, idParam(req), { ...shown, values: typedValues(req.body) });

  router.use(
    changeRequestsRouter(deps, {
      path: '/cards/:id',
      guard: [guard, allow('cards.changeData'), idInPath],
      contextOf: staffContext,
      refOf: (req) => ({ cardId: idParam(req) }),
      pageUrl,
      render,
    }),
  );

  const again = (req: Request, res: Response, errors: FieldError[]) => render(req, res, { status: 422, errors });
  const form = validate(completionForm, (req, res, invalid) => again(req, res, invalid.errors));
  router.post('/cards/:id/changes/complete', guard, allow('cards.changeData'), idInPath, form, async (req, res) => {
    const { t } = res.locals.ctx;
    const outcome = await completeRequest(deps, staffContext(res), {
      cardId: idParam(req),
      form: form.data(res),
      depositTitle: t('cards:changes.depositTitle'),
    });
    switch (outcome.kind) {
      case 'completed': {
        // A new name's new card is where the counter goes on (its review, production, handover).
        if (outcome.newCardId)
          return res.redirect(303, res.locals.ctx.url(`/admin/cards/${outcome.newCardId}?done=changeNewCard`));
        return res.redirect(303, `${pageUrl(req, res)}?done=changeCompleted`);
      }
      case 'notFound':
        throw new HttpError(404, 'no such city card here');
      case 'notAllowed':
        throw new HttpError(403, 'not allowed');
      case 'nothingOpen':
        return render(req, res, { status: 409, notice: 'changeNothingOpen' });
      case 'documentMismatch':
        return again(req, res, [{ field: 'documentNumber', message: t('cards:changes.documentNumberMismatch') }]);
      case 'paymentRequired':
        return again(req, res, [{ field: 'source', message: t('adminMoney:payment.chooseSource') }]);
    }
  });

  return router;
}
