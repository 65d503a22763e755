// /admin/accounts/:id: a money account at the counter (issue #20), its turnover (the opening
// balance, each entry with the balance after it, the closing balance) and the form for a cash
// or card payment. Named by the account, not by its holder's page: a holder may be a premises or
// a card as well as a client. Another tenant's account, or no UUID, is a 404.
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../../platform/http/forms.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import { idParam } from '../../../platform/http/id-param.ts';
import { accountPage, recordCounterPayment, type CounterDeps } from './account-page.service.ts';
import { counterPaymentForm } from './payment.form.ts';

const VIEW = 'admin/money/account';
/** What the page says after a payment, by the `done` its redirect carries. */
const NOTICES = ['paid', 'alreadyRecorded'] as const;

export function accountPageRouter(deps: CounterDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);

  const renderPage = async (req: Request, res: Response, invalid?: InvalidFormResult) => {
    const page = await accountPage(deps, staffContext(res), idParam(req));
    if (!page) throw new HttpError(404, 'no such account here');
    res.setHeader('Cache-Control', 'no-store');
    const notice = NOTICES.find((known) => known === req.query.done);
    const locals = { title: page.account.name, ...page, notice };
    if (invalid) return renderInvalid(res, VIEW, locals, invalid);
    res.render(VIEW, { ...locals, values: { source: 'cash' } });
  };
  router.get('/accounts/:id', guard, allow('money.view'), (req, res) => renderPage(req, res));

  const form = validate(counterPaymentForm, (req, res, invalid) => renderPage(req, res, invalid));
  router.post('/accounts/:id/payments', guard, allow('money.recordPayment'), form, async (req, res) => {
    const accountId = idParam(req);
    const { t } = res.locals.ctx;
    const payment = form.data(res);
    const title = t(`adminMoney:payment.titles.${payment.source}`);
    const outcome = await recordCounterPayment(deps, staffContext(res), { accountId, ...payment, title });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such account here');
    const done = outcome.kind === 'recorded' ? 'paid' : 'alreadyRecorded';
    res.redirect(303, res.locals.ctx.url(`/admin/accounts/${accountId}?done=${done}`));
  });

  return router;
}
