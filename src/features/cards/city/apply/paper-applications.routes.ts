// A city card application entered at the counter from a paper form (issue #23), by a member of
// staff who may apply for clients (cards.apply): /admin/clients/:id/city-cards/new asks who the
// card is for (and which city card type, where the tenant issues more than one), POST
// /admin/clients/:id/city-cards makes the draft for the client; /admin/cards/:id/application-form
// is the application with the same forms as the client's page (application-parts.routes.ts),
// each saved as the clerk (the files owned by the member of staff), then submitted; its /photo
// is the holder's photo. A client or card of another tenant, or an id that is none, is a 404.
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../../../platform/http/errors.ts';
import { validate } from '../../../../platform/http/forms.ts';
import { idParam } from '../../../../platform/http/id-param.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import { clientSummary } from '../../../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../../staff/index.ts';
import { cardTypeChoice, newHolderForm } from './application.form.ts';
import type { CityApplyDeps } from './application-access.ts';
import { holderTyped, sendPhoto, startRefusal } from './application-answers.ts';
import { applicationPartsRouter } from './application-parts.routes.ts';
import { renderApplication, renderNewApplication, type Shown } from './application.page.ts';
import { photoAtCounter } from './application.service.ts';
import { cityCardTypes, startApplication } from './start-application.service.ts';

const NOTICES = ['started', 'holder', 'address', 'representative', 'idDocument', 'photo', 'discount', 'submitted'];

const fullName = (client: { firstName: string; lastName: string }) => `${client.firstName} ${client.lastName}`;

export function paperApplicationsRouter(deps: CityApplyDeps & GuardDeps): Router {
  const router = Router();
  const guard = [requireStaff(deps), allow('cards.apply')];
  const page = '/cards/:id/application-form';
  const refOf = (req: Request) => ({ cardId: idParam(req) });
  const pageUrl = (req: Request, res: Response) => res.locals.ctx.url(`/admin/cards/${idParam(req)}/application-form`);
  const render = (req: Request, res: Response, shown: Shown = {}) =>
    renderApplication(
      deps,
      res,
      staffContext(res),
      refOf(req),
      async ({ card }) => {
        const client = await clientSummary(deps, staffContext(res), card.clientId);
        if (!client) throw new HttpError(404, 'client gone');
        return {
          base: `/admin/cards/${card.id}/application-form`,
          back: `/admin/clients/${card.clientId}`,
          atCounter: { clientName: fullName(client), cardPage: `/admin/cards/${card.id}` },
        };
      },
      shown,
    );

  const newPage = async (req: Request, res: Response, shown: Shown = {}, existing?: string) => {
    const context = staffContext(res);
    const clientId = idParam(req);
    const client = await clientSummary(deps, context, clientId);
    const types = await withTenant(deps.db, context.tenant.id, (trx) => cityCardTypes(trx, context.tenant));
    if (!client || types.length === 0) throw new HttpError(404, 'no such client or city card type here');
    const values = { ...(types.length === 1 ? { cardType: types[0]!.id } : {}), ...shown.values };
    renderNewApplication(
      res,
      {
        typeName: types.length === 1 ? types[0]!.name : res.locals.ctx.t('cityApplication:new.anyCard'),
        action: `/admin/clients/${clientId}/city-cards`,
        back: `/admin/clients/${clientId}`,
        cardTypes: types.map(({ id, name }) => ({ id, name })),
        clientName: fullName(client),
        ...(existing ? { existing } : {}),
      },
      { ...shown, values },
    );
  };
  router.get('/clients/:id/city-cards/new', ...guard, (req, res) => newPage(req, res));

  const holder = validate(newHolderForm.extend(cardTypeChoice.shape), (req, res, invalid) =>
    newPage(req, res, { status: 422, ...invalid }),
  );
  router.post('/clients/:id/city-cards', ...guard, holder, async (req, res) => {
    const { cardType, ...typed } = holder.data(res);
    const input = { clientId: idParam(req), cardType: { id: cardType.toLowerCase() }, holder: typed };
    const outcome = await startApplication(deps, staffContext(res), input);
    if (outcome.kind === 'started') {
      return res.redirect(303, res.locals.ctx.url(`/admin/cards/${outcome.cardId}/application-form?done=started`));
    }
    const answer = startRefusal(res, outcome, (cardId) => `/admin/cards/${cardId}`);
    await newPage(req, res, { ...answer.shown, values: holderTyped(req) }, answer.existing);
  });

  router.get(page, ...guard, (req, res) =>
    render(req, res, { notice: NOTICES.find((notice) => notice === req.query.done) }),
  );

  router.get(`${page}/photo`, ...guard, async (req, res) => {
    sendPhoto(res, await photoAtCounter(deps, staffContext(res), idParam(req)));
  });

  router.use(applicationPartsRouter(deps, { path: page, guard, contextOf: staffContext, refOf, pageUrl, render }));
  return router;
}
