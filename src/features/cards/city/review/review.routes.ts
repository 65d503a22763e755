// The staff's review of city card applications (issue #23), for whoever may review
// (cards.review: clerks and managers):
//   GET  /admin/cards/applications                    the queue, filtered by a GET form
//   GET  /admin/cards/applications/:id                one application (:id is its card's)
//   GET  /admin/cards/applications/:id/photo|proof    its files, for this page only
//   POST /admin/cards/applications/:id/transitions    a review step
// Mounted before the counter's /admin/cards/:id, which would take "applications" for a card's
// id. Another tenant's application, or a card that is no city card's, is a 404; a step whose
// card moved on since the page was shown is a 409 with the page as it is now; approving while
// something is missing is a 409 that lists it; reasons too short are said at their field (422).
import { Router, type Response } from 'express';
import { HttpError } from '../../../../platform/http/errors.ts';
import { readForm, type FieldError } from '../../../../platform/http/forms.ts';
import { idParam } from '../../../../platform/http/id-param.ts';
import { encodeKeysetCursor } from '../../../../platform/http/keyset-cursor.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../../staff/index.ts';
import type { MissingItem } from '../application-rules.ts';
import { QUEUE_STATES, readQueueQuery } from './review-queue.form.ts';
import { reviewQueue } from './review-queue.service.ts';
import { isReviewStep } from './review-steps.ts';
import { reviewStepForm } from './review.form.ts';
import { applicationFile, applicationUnderReview, takeReviewStep, type ReviewDeps } from './review.service.ts';

const QUEUE = 'admin/cards/review/queue';
const PAGE = 'admin/cards/review/application';

interface Shown {
  status?: number;
  /** A key under cards:review.notices. */
  notice?: string;
  missing?: MissingItem[];
  errors?: FieldError[];
  values?: Record<string, unknown>;
}

/** Files are never cached, sniffed or opened as a page of ours. */
function sendFile(res: Response, file: { content: Buffer; mediaType: string }) {
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.type(file.mediaType).send(file.content);
}

export function reviewRouter(deps: ReviewDeps & GuardDeps): Router {
  const router = Router();
  const chain = [requireStaff(deps), allow('cards.review')];

  router.get('/cards/applications', ...chain, async (req, res) => {
    const { ctx } = res.locals;
    res.setHeader('Cache-Control', 'no-store');
    const query = readQueueQuery(req.query as Record<string, unknown>);
    const queue = await reviewQueue(deps, staffContext(res), query.filter, query.after);
    if (!queue) throw new HttpError(403, 'may not review');
    const next = queue.next && new URLSearchParams({ ...query.values, after: encodeKeysetCursor(queue.next) });
    res.render(QUEUE, {
      title: ctx.t('cards:review.queue.title'),
      queue,
      states: QUEUE_STATES,
      values: query.values,
      ignoredFilters: query.ignored,
      ...(next ? { olderUrl: ctx.url(`/admin/cards/applications?${next}`) } : {}),
    });
  });

  const render = async (res: Response, cardId: string, shown: Shown = {}) => {
    const review = await applicationUnderReview(deps, staffContext(res), cardId);
    if (!review) throw new HttpError(404, 'no such application here');
    res.setHeader('Cache-Control', 'no-store');
    res.status(shown.status ?? 200).render(PAGE, {
      title: res.locals.ctx.t('cards:review.page.title', { reference: review.application.reference }),
      review,
      notice: shown.notice,
      missing: shown.missing ?? [],
      errors: shown.errors ?? [],
      values: shown.values ?? {},
    });
  };

  router.get('/cards/applications/:id', ...chain, (req, res) => {
    const done = typeof req.query.done === 'string' && isReviewStep(req.query.done) ? req.query.done : undefined;
    return render(res, idParam(req), { ...(done ? { notice: `done.${done}` } : {}) });
  });

  for (const file of ['photo', 'proof'] as const) {
    router.get(`/cards/applications/:id/${file}`, ...chain, async (req, res) => {
      const found = await applicationFile(deps, staffContext(res), { cardId: idParam(req), file });
      if (!found) throw new HttpError(404, `no ${file} here`);
      if (file === 'proof') {
        const extension = found.mediaType === 'application/pdf' ? 'pdf' : found.mediaType.slice('image/'.length);
        res.attachment(`${found.reference}-${file}.${extension === 'jpeg' ? 'jpg' : extension}`);
      }
      sendFile(res, found);
    });
  }

  router.post('/cards/applications/:id/transitions', ...chain, async (req, res) => {
    const { ctx } = res.locals;
    const cardId = idParam(req);
    const form = readForm(reviewStepForm, req.body, ctx.t);
    if (!form.ok) {
      // The page's own forms name a step and the card's version: only their reasons can be wrong.
      if (form.errors.some((error) => error.field !== 'reasons')) throw new HttpError(404, 'not a form of ours');
      const errors = form.errors.map((error) => ({ ...error, href: `#reasons-${form.values.transition}` }));
      return render(res, cardId, { status: 422, errors, values: form.values });
    }
    const { transition: step, version, reasons } = form.data;
    const outcome = await takeReviewStep(deps, staffContext(res), { cardId, step, version, reasons });
    switch (outcome.kind) {
      case 'notFound':
        throw new HttpError(404, 'no such application here');
      case 'notAllowed':
        throw new HttpError(403, 'may not review');
      case 'moved':
        return render(res, cardId, { status: 409, notice: 'moved' });
      case 'incomplete':
        return render(res, cardId, { status: 409, notice: 'incomplete', missing: outcome.missing });
      case 'taken':
        return res.redirect(303, ctx.url(`/admin/cards/applications/${cardId}?done=${step}`));
    }
  });

  return router;
}
