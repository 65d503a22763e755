// The resident's e-BOK pages (issue #21): /premises, a premises' overview, its balance as of a
// day and its turnover (also as CSV). A premises the resident holds no right to is a 404, the
// same for an id that is none; a day outside their rights is said so by the field (422).
import { once } from 'node:events';
import { Router, type Request, type Response } from 'express';
import { formatNrb, isValidNrb } from '../../../lib/nrb.ts';
import { requireUser } from '../../../platform/http/require-user.ts';
import { HttpError } from '../../../platform/http/errors.ts';
import { readForm, type InvalidFormResult } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/id-param.ts';
import { serviceContext, signedInClientId } from '../../../platform/service-context.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';
import { clientSummary } from '../../accounts/index.ts';
import { transferForm } from './transfer.ts';
import { chartGeometry } from './chart.ts';
import { balanceForm, turnoverForm } from './my-premises.form.ts';
import {
  balanceOn,
  exportTurnover,
  myPremises,
  premisesOverview,
  premisesHistory,
  premisesSeen,
  premisesTurnover,
  transferDetails,
  type HousingDeps,
  type PremisesSeen,
} from './my-premises.service.ts';
import { csvStart, csvText } from './turnover.csv.ts';

type OutsideWindow = PremisesSeen & { kind: 'outsideWindow' };

/** What every page of a premises shows of it: its name, and the days the resident may pick. */
const shownOf = ({ premises, window, lastDay }: PremisesSeen): PremisesSeen => ({ premises, window, lastDay });

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
    const { ctx } = res.locals;
    // The page says nothing of the visitor beyond the data: its language and address make the rest.
    const shown = await premisesOverview(deps, serviceContext(res), idParam(req), `${ctx.locale} ${ctx.url('')}`);
    if (!shown) throw new HttpError(404, 'no premises of this resident');
    const title = ctx.t('housing:overview.title');
    if (shown.page !== undefined) return res.render('housing/overview', { title, pageHtml: shown.page });
    const { overview, keepPage } = shown;
    const { accountNumber } = overview.premises;
    res.render('housing/overview', {
      title,
      overview,
      accountNumber: accountNumber && isValidNrb(accountNumber) ? formatNrb(accountNumber) : accountNumber,
      keepPage,
    });
  });

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

  /** The page of a premises again, 422, with what is wrong with the form (and no answer). */
  const invalid = async (req: Request, res: Response, view: string, titleKey: string, form: InvalidFormResult) => {
    const found = await premisesSeen(deps, serviceContext(res), idParam(req));
    if (!found) throw new HttpError(404, 'no premises of this resident');
    res.status(422).render(view, {
      title: res.locals.ctx.t(titleKey),
      ...shownOf(found),
      result: undefined,
      errors: form.errors,
      values: form.values,
    });
  };

  /** The days the resident's rights cover, said by the field that asked for another (422). */
  const outside = (
    res: Response,
    view: string,
    titleKey: string,
    answer: OutsideWindow,
    field: string,
    values: object,
  ) =>
    res.status(422).render(view, {
      title: res.locals.ctx.t(titleKey),
      ...shownOf(answer),
      result: undefined,
      errors: [{ field, message: res.locals.ctx.t('housing:form.outsideRights', windowWords(res, answer)) }],
      values,
    });

  router.get('/premises/:id/balance', requireUser, async (req, res) => {
    noStore(res);
    const form = readForm(balanceForm, req.query, res.locals.ctx.t);
    if (!form.ok) return invalid(req, res, 'housing/balance', 'housing:balance.title', form);
    const result = await balanceOn(deps, serviceContext(res), idParam(req), form.data.date);
    if (!result) throw new HttpError(404, 'no premises of this resident');
    const values = { date: result.date };
    if (result.kind === 'outsideWindow') {
      return outside(res, 'housing/balance', 'housing:balance.title', result, 'date', values);
    }
    res.render('housing/balance', {
      title: res.locals.ctx.t('housing:balance.title'),
      ...shownOf(result),
      result,
      values,
    });
  });

  /** The turnover the query asks for, or the page again (422) with what is wrong; undefined when answered. */
  const turnoverOf = async (req: Request, res: Response) => {
    const view = 'housing/turnover';
    const titleKey = 'housing:turnover.title';
    const form = readForm(turnoverForm, req.query, res.locals.ctx.t);
    if (!form.ok) return void (await invalid(req, res, view, titleKey, form));
    const found = await premisesTurnover(deps, serviceContext(res), idParam(req), form.data);
    if (!found) throw new HttpError(404, 'no premises of this resident');
    const values = { from: found.from, to: found.to, title: found.title ?? '' };
    if (found.kind === 'outsideWindow') {
      const field = found.from < found.window.from ? 'from' : 'to';
      return void outside(res, view, titleKey, found, field, values);
    }
    return { found, values, title: res.locals.ctx.t(titleKey) };
  };

  router.get('/premises/:id/turnover', requireUser, async (req, res) => {
    noStore(res);
    const answer = await turnoverOf(req, res);
    if (!answer) return;
    const query = new URLSearchParams(answer.values).toString();
    const csvUrl = res.locals.ctx.url(`/premises/${answer.found.premises.id}/turnover.csv?${query}`);
    res.render('housing/turnover', {
      title: answer.title,
      ...shownOf(answer.found),
      result: answer.found,
      values: answer.values,
      csvUrl,
    });
  });

  router.get('/premises/:id/turnover.csv', requireUser, async (req, res) => {
    noStore(res);
    const { ctx } = res.locals;
    const titleKey = 'housing:turnover.title';
    const form = readForm(turnoverForm, req.query, ctx.t);
    if (!form.ok) return invalid(req, res, 'housing/turnover', titleKey, form);
    // Written as it is read, a page of entries at a time: a spreadsheet of any length streams.
    const sink = {
      begin: ({ premises, from, to }: PremisesSeen & { from: string; to: string }) => {
        res.attachment(`${ctx.t('housing:turnover.fileName')}-${premises.code}-${from}-${to}.csv`);
        res.type('text/csv; charset=utf-8');
        res.write(csvStart(ctx.t));
      },
      lines: async (lines: string[][]) => {
        if (lines.length > 0 && !res.write(csvText(lines))) await once(res, 'drain');
      },
    };
    const outcome = await exportTurnover(deps, serviceContext(res), idParam(req), form.data, sink, ctx.t);
    if (!outcome) throw new HttpError(404, 'no premises of this resident');
    if (outcome.kind === 'outsideWindow') {
      const values = { from: outcome.from, to: outcome.to, title: outcome.title ?? '' };
      const field = outcome.from < outcome.window.from ? 'from' : 'to';
      return outside(res, 'housing/turnover', titleKey, outcome, field, values);
    }
    res.end();
  });

  return router;
}

/** The days the resident's rights cover, as the message says them. */
function windowWords(res: Response, found: PremisesSeen) {
  const { fmt } = res.locals.ctx;
  return { from: fmt.day(found.window.from), to: fmt.day(found.lastDay) };
}
