// /admin/cards/ticketing (issue #23): a manager's page of the files for the operator's ticketing
// system, with both lists and their counts; GET …/hot-list.csv and …/pending-loads.csv download
// them (the loads through the page's instant, so the same file comes again until it is confirmed);
// POST …/pending-loads/exported confirms the file was taken in and marks its loads exported.
// Another list than the page's (a late load, someone else's confirmation) is a 409 with the page
// as it is now, to download again.
import { Router, type Response } from 'express';
import { HttpError } from '../../../../platform/http/errors.ts';
import { readForm, validate } from '../../../../platform/http/forms.ts';
import { exportFileName } from '../../../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../../staff/index.ts';
import type { CardsDeps } from '../../cards.deps.ts';
import { hotListCsv, pendingLoadsCsv } from './ticketing.csv.ts';
import { markExportedForm, pendingLoadsQuery } from './ticketing.form.ts';
import { hotListFile, markLoadsExported, pendingLoadsFile, ticketingPage } from './ticketing.service.ts';

const VIEW = 'admin/cards/city/ticketing';
const NOTICES = ['marked'] as const;

export function ticketingRouter(deps: CardsDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const manager = allow('cards.exportTicketing');

  const render = async (res: Response, shown: { status?: number; notice?: string; count?: number } = {}) => {
    const ticketing = await ticketingPage(deps, staffContext(res));
    if (!ticketing) throw new HttpError(403, 'not allowed');
    res.setHeader('Cache-Control', 'no-store');
    res.status(shown.status ?? 200).render(VIEW, {
      title: res.locals.ctx.t('cards:ticketing.title'),
      ticketing,
      notice: shown.notice,
      count: shown.count,
      errors: [],
    });
  };
  const download = (res: Response, stem: string, body: string) => {
    res.setHeader('Cache-Control', 'no-store');
    res.attachment(exportFileName(staffContext(res).tenant, stem, deps.clock.now(), 'csv'));
    res.type('text/csv; charset=utf-8').send(body);
  };

  router.get('/cards/ticketing', guard, manager, (req, res) => {
    const marked = NOTICES.find((notice) => notice === req.query.done);
    const count = Number(req.query.count);
    return render(res, marked ? { notice: marked, count: Number.isSafeInteger(count) ? count : 0 } : {});
  });

  router.get('/cards/ticketing/hot-list.csv', guard, manager, async (_req, res) => {
    const blocked = await hotListFile(deps, staffContext(res));
    if (!blocked) throw new HttpError(403, 'not allowed');
    download(res, 'hot-list', hotListCsv(blocked));
  });

  router.get('/cards/ticketing/pending-loads.csv', guard, manager, async (req, res) => {
    const query = readForm(pendingLoadsQuery, req.query, res.locals.ctx.t);
    if (!query.ok) return render(res, { status: 422, notice: 'badList' });
    const pending = await pendingLoadsFile(deps, staffContext(res), query.data.through);
    if (!pending) throw new HttpError(403, 'not allowed');
    download(res, 'pending-loads', pendingLoadsCsv(pending.loads));
  });

  const listed = validate(markExportedForm, (_req, res) => render(res, { status: 422, notice: 'badList' }));
  router.post('/cards/ticketing/pending-loads/exported', guard, manager, listed, async (_req, res) => {
    const marking = await markLoadsExported(deps, staffContext(res), listed.data(res));
    if (marking.kind === 'notAllowed') throw new HttpError(403, 'not allowed');
    if (marking.kind === 'changed') return render(res, { status: 409, notice: 'changed' });
    res.redirect(303, res.locals.ctx.url(`/admin/cards/ticketing?done=marked&count=${marking.count}`));
  });

  return router;
}
