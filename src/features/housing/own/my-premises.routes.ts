// The resident's e-BOK pages (issue #21): /premises, a premises' overview, its balance as of a
// day and its turnover (also as CSV). A premises the resident holds no right to is a 404, the
// same for an id that is none; a day outside their rights is said so by the field (422).
import { Router, type Request, type Response } from 'express';
import { formatNrb, isValidNrb } from '../../../lib/nrb.ts';
import { requireUser } from '../../../platform/http/require-user.ts';
import { HttpError } from '../../../platform/http/errors.ts';
import { readForm } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/id-param.ts';
import { serviceContext, signedInClientId } from '../../../platform/service-context.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';
import { clientSummary } from '../../accounts/index.ts';
import { transferForm } from './transfer.ts';
import { chartGeometry } from './chart.ts';
import { balanceForm, turnoverForm } from './my-premises.form.ts';
import {
  balanceOn,
  myPremises,
  premisesOverview,
  premisesHistory,
  premisesSeen,
  premisesTurnover,
  transferDetails,
  type HousingDeps,
  type PremisesTurnover,
} from './my-premises.service.ts';
import { turnoverCsv } from './turnover.csv.ts';
import { defaultPeriod } from './periods.ts';

export function myPremisesRouter(deps: HousingDeps): Router {
  const router = Router();
  const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store');

  router.get('/premises', requireUser, async (_req, res) => {
    noStore(res);
    const held = await myPremises(deps, serviceContext(res));
    res.render('housing/list', { title: res.locals.ctx.t('housing:list.title'), held });
  });

  router.get('/premises/:id', requireUser, async (req, res) => {
    noStore(res);
    const overview = await premisesOverview(deps, serviceContext(res), idParam(req));
    if (!overview) throw new HttpError(404, 'no premises of this resident');
    const { accountNumber } = overview.premises;
    res.render('housing/overview', {
      title: res.locals.ctx.t('housing:overview.title'),
      overview,
      accountNumber: accountNumber && isValidNrb(accountNumber) ? formatNrb(accountNumber) : accountNumber,
    });
  });

  /** The premises the page is of, with what every page of it shows; a 404 when the resident holds no right to it. */
  const pageOf = async (req: Request, res: Response, titleKey: string) => {
    const premisesId = idParam(req);
    const context = serviceContext(res);
    const found = await premisesSeen(deps, context, premisesId);
    if (!found) throw new HttpError(404, 'no premises of this resident');
    return { premisesId, context, found, locals: { title: res.locals.ctx.t(titleKey), ...found, result: undefined } };
  };

  router.get('/premises/:id/chart', requireUser, async (req, res) => {
    noStore(res);
    const history = await premisesHistory(deps, serviceContext(res), idParam(req));
    if (!history) throw new HttpError(404, 'no premises of this resident');
    res.render('housing/chart', {
      title: res.locals.ctx.t('housing:chart.title'),
      premises: history.premises,
      months: history.months,
      chart: chartGeometry(history.months),
    });
  });

  router.get('/premises/:id/transfer', requireUser, async (req, res) => {
    noStore(res);
    const context = serviceContext(res);
    const details = await transferDetails(deps, context, idParam(req));
    if (!details) throw new HttpError(404, 'no premises of this resident');
    const resident = (await clientSummary(deps, context, signedInClientId(context)))!;
    res.render('housing/transfer', {
      title: res.locals.ctx.t('housing:transfer.title'),
      premises: details.premises,
      transfer: transferForm(tenantOf(res), details, `${resident.firstName} ${resident.lastName}`),
    });
  });

  router.get('/premises/:id/balance', requireUser, async (req, res) => {
    noStore(res);
    const { ctx } = res.locals;
    const { premisesId, context, found, locals } = await pageOf(req, res, 'housing:balance.title');
    const form = readForm(balanceForm, req.query, ctx.t);
    if (!form.ok) {
      return res.status(422).render('housing/balance', { ...locals, errors: form.errors, values: form.values });
    }
    const date = form.data.date ?? found.lastDay;
    const result = (await balanceOn(deps, context, premisesId, date))!;
    if (result.kind === 'outsideWindow') {
      const errors = [{ field: 'date', message: ctx.t('housing:form.outsideRights', windowWords(res, result)) }];
      return res.status(422).render('housing/balance', { ...locals, errors, values: { date } });
    }
    res.render('housing/balance', { ...locals, result, values: { date } });
  });

  /** The turnover the query asks for, or the page again (422) with what is wrong; undefined when answered. */
  const turnoverOf = async (req: Request, res: Response, view: string) => {
    const { ctx } = res.locals;
    const { premisesId, context, found: seen, locals } = await pageOf(req, res, 'housing:turnover.title');
    const form = readForm(turnoverForm, req.query, ctx.t);
    if (!form.ok) return void res.status(422).render(view, { ...locals, errors: form.errors, values: form.values });
    const period = defaultPeriod(seen.window.from, seen.lastDay);
    const chosen = { from: form.data.from ?? period.from, to: form.data.to ?? period.to, title: form.data.title };
    const found = (await premisesTurnover(deps, context, premisesId, chosen))!;
    const values = { from: chosen.from, to: chosen.to, title: chosen.title ?? '' };
    if (found.kind === 'outsideWindow') {
      const field = chosen.from < found.window.from ? 'from' : 'to';
      const errors = [{ field, message: ctx.t('housing:form.outsideRights', windowWords(res, found)) }];
      return void res.status(422).render(view, { ...locals, errors, values });
    }
    return { found, locals, values };
  };

  router.get('/premises/:id/turnover', requireUser, async (req, res) => {
    noStore(res);
    const answer = await turnoverOf(req, res, 'housing/turnover');
    if (!answer) return;
    const query = new URLSearchParams(answer.values).toString();
    const csvUrl = res.locals.ctx.url(`/premises/${answer.found.premises.id}/turnover.csv?${query}`);
    res.render('housing/turnover', { ...answer.locals, result: answer.found, values: answer.values, csvUrl });
  });

  router.get('/premises/:id/turnover.csv', requireUser, async (req, res) => {
    noStore(res);
    const answer = await turnoverOf(req, res, 'housing/turnover');
    if (!answer) return;
    const { ctx } = res.locals;
    const result = answer.found as Extract<PremisesTurnover, { kind: 'turnover' }>;
    res.attachment(`${ctx.t('housing:turnover.fileName')}-${result.premises.code}-${result.from}-${result.to}.csv`);
    res.type('text/csv; charset=utf-8').send(turnoverCsv(result, ctx.t));
  });

  return router;
}

/** The days the resident's rights cover, as the message says them. */
function windowWords(res: Response, found: { window: { from: string }; lastDay: string }) {
  const { fmt } = res.locals.ctx;
  return { from: fmt.day(found.window.from), to: fmt.day(found.lastDay) };
}
