// /admin/clients: the counter's search (issue #19). The query goes in a POST, never in a URL:
// a PESEL or a name typed at the counter stays out of the browser's history, the proxy's log
// and the Referer of the next page. The next page is the same form again with the last
// client shown (keyset pagination), so nothing about the results is in a URL either.
import { Router, type Response } from 'express';
import { renderInvalid, validate, type InvalidFormResult } from '../../platform/http/forms.ts';
import { limitRule, type Limit, type RateLimit } from '../../platform/http/rate-limit.ts';
import { searchClients, shownQuery, type ClientSearchDeps, type ClientSearchResults } from '../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../staff/index.ts';
import { searchForm } from './client-search.form.ts';

export const DEFAULT_COUNTER_LIMITS = {
  /** A clerk types a few searches a minute; a script reading the tenant's clients out, many. */
  clientSearchesPerStaff: { points: 60, durationSeconds: 60 },
} satisfies Record<string, Limit>;

export interface ClientSearchRouterDeps extends ClientSearchDeps, GuardDeps {
  rateLimit: RateLimit;
  limits: typeof DEFAULT_COUNTER_LIMITS;
}

export function clientSearchRouter(deps: ClientSearchRouterDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const title = (res: Response) => res.locals.ctx.t('adminClients:search.title');

  /** The results, the box keeping what was typed unless the page masks it (a PESEL). */
  const render = (res: Response, typed: string, results?: ClientSearchResults) => {
    res.setHeader('Cache-Control', 'no-store');
    const query = results?.query ?? typed;
    res.render('admin/clients/search', {
      title: title(res),
      values: { q: query === typed ? typed : '' },
      query,
      results,
    });
  };

  router.get('/clients', guard, allow('clients.search'), (_req, res) => render(res, ''));

  const search = validate(searchForm, (_req, res, invalid: InvalidFormResult) => {
    res.setHeader('Cache-Control', 'no-store');
    // A tampered page field is the box's problem to show: it is the field the clerk can act on.
    const errors = invalid.errors.map((error) => ({ ...error, field: 'q' }));
    const typed = invalid.values.q ?? '';
    const values = { q: shownQuery(typed) === typed ? typed : '' };
    renderInvalid(
      res,
      'admin/clients/search',
      { title: title(res), query: '', results: undefined },
      { errors, values },
    );
  });
  router.post(
    '/clients',
    guard,
    allow('clients.search'),
    deps.rateLimit(
      limitRule('client-search:staff', deps.limits.clientSearchesPerStaff, (req) => req.session?.auth?.userId),
    ),
    search,
    async (_req, res) => {
      const { q, after } = search.data(res);
      render(res, q, await searchClients(deps, staffContext(res), { query: q, after }));
    },
  );

  return router;
}
