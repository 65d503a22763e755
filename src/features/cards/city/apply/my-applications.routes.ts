// The client's city card applications (issue #23), for a card type whose cards name their holder:
// /cards/:code is "Your applications" (every card of the type this account applied for, one a
// holder) with the button to a new one; /cards/:code/applications/new asks who the card is for
// and POST /cards/:code/applications makes the draft; /cards/:code/applications/:id is the
// application with a form for each part (application-parts.routes.ts), read-only once
// submitted; its /photo is the holder's photo, for this account only; /block blocks a lost card;
// /changes/… asks for a change of an active card's holder data (changes/changes.routes.ts).
// Any other card type's /cards/:code is the cards' own page (my-cards.routes.ts, mounted after).
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../../../platform/http/errors.ts';
import { validate } from '../../../../platform/http/forms.ts';
import { idParam } from '../../../../platform/http/id-param.ts';
import { requireUser } from '../../../../platform/http/require-user.ts';
import { serviceContext, signedInClientId } from '../../../../platform/service-context.ts';
import { newHolderForm } from './application.form.ts';
import type { CityApplyDeps } from './application-access.ts';
import { applicationPartsRouter } from './application-parts.routes.ts';
import { renderApplication, renderNewApplication, type Shown } from './application.page.ts';
import { blockApplicationCard, myApplicationPhoto, myApplications } from './application.service.ts';
import { holderTyped, sendPhoto, startRefusal } from './application-answers.ts';
import { startApplication } from './start-application.service.ts';
import { CHANGE_NOTICES, changeRequestsRouter } from '../changes/changes.routes.ts';

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** What the application's page says after a change, by the `done` its redirect carries. */
const NOTICES = [
  'started',
  'holder',
  'address',
  'representative',
  'idDocument',
  'photo',
  'discount',
  'submitted',
  'blocked',
  ...CHANGE_NOTICES,
];

function codeOf(req: Request): string {
  const code = req.params.code;
  if (typeof code !== 'string' || !CODE.test(code) || code.length > 50) throw new HttpError(404, 'not a card type');
  return code;
}

export function myApplicationsRouter(deps: CityApplyDeps): Router {
  const router = Router();
  const page = '/cards/:code/applications/:id';
  const refOf = (req: Request) => ({ cardId: idParam(req), code: codeOf(req) });
  const pageUrl = (req: Request, res: Response) =>
    res.locals.ctx.url(`/cards/${codeOf(req)}/applications/${idParam(req)}`);
  const render = (req: Request, res: Response, shown: Shown = {}) =>
    renderApplication(
      deps,
      res,
      serviceContext(res),
      refOf(req),
      ({ type, card }) => ({ base: `/cards/${type.code}/applications/${card.id}`, back: `/cards/${type.code}` }),
      shown,
    );

  router.get('/cards/:code', requireUser, async (req, res, next) => {
    const code = req.params.code;
    const list =
      typeof code === 'string' && CODE.test(code) ? await myApplications(deps, serviceContext(res), code) : undefined;
    // Not a city card type: the cards' own page.
    if (!list) return next();
    res.setHeader('Cache-Control', 'no-store');
    res.render('cards/city/applications', { title: list.type.name, apply: list });
  });

  const newPage = async (req: Request, res: Response, shown: Shown = {}, existing?: string) => {
    const list = await myApplications(deps, serviceContext(res), codeOf(req));
    if (!list) throw new HttpError(404, 'no such city card type here');
    const base = `/cards/${list.type.code}`;
    renderNewApplication(
      res,
      { typeName: list.type.name, action: `${base}/applications`, back: base, ...(existing ? { existing } : {}) },
      shown,
    );
  };
  router.get('/cards/:code/applications/new', requireUser, (req, res) => newPage(req, res));

  const holder = validate(newHolderForm, (req, res, invalid) => newPage(req, res, { status: 422, ...invalid }));
  router.post('/cards/:code/applications', requireUser, holder, async (req, res) => {
    const code = codeOf(req);
    const context = serviceContext(res);
    const input = { clientId: signedInClientId(context), cardType: { code }, holder: holder.data(res) };
    const outcome = await startApplication(deps, context, input);
    if (outcome.kind === 'started') {
      return res.redirect(303, res.locals.ctx.url(`/cards/${code}/applications/${outcome.cardId}?done=started`));
    }
    const answer = startRefusal(res, outcome, (cardId) => `/cards/${code}/applications/${cardId}`);
    await newPage(req, res, { ...answer.shown, values: holderTyped(req) }, answer.existing);
  });

  router.get(page, requireUser, (req, res) =>
    render(req, res, { notice: NOTICES.find((notice) => notice === req.query.done) }),
  );

  router.get(`${page}/photo`, requireUser, async (req, res) => {
    const photo = await myApplicationPhoto(deps, serviceContext(res), refOf(req));
    sendPhoto(res, photo);
  });

  router.post(`${page}/block`, requireUser, async (req, res) => {
    const outcome = await blockApplicationCard(deps, serviceContext(res), refOf(req));
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such application here');
    if (outcome.kind === 'notBlocked') return render(req, res, { status: 409, notice: 'notBlocked' });
    res.redirect(303, `${pageUrl(req, res)}?done=blocked`);
  });

  const place = { path: page, guard: [requireUser], contextOf: serviceContext, refOf, pageUrl, render };
  router.use(applicationPartsRouter(deps, place));
  // An active card's changes of the holder's data by request (changes/).
  router.use(changeRequestsRouter(deps, place));
  return router;
}
