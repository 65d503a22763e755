// The client's payments (issue #20): /account/payments (their payments and the state of each),
// /account/payments/new?account=… (what is due, and a Pay button), POST /account/payments (the
// intent, then its page), /account/payments/:id (the provider's return URL too: it says what is
// known now, and links to the provider while the payment is still open).
import { randomBytes } from 'node:crypto';
import { Router, type RequestHandler, type Response } from 'express';
import { HttpError } from '../../platform/http/errors.ts';
import { requireUser } from '../../platform/http/require-user.ts';
import { validate } from '../../platform/http/forms.ts';
import { serviceContext, signedInClientId } from '../../platform/service-context.ts';
import { clientSummary } from '../accounts/index.ts';
import { payForm, uuid } from './client-payments.form.ts';
import { dueOverview, paymentOfClient, paymentsOfClient } from './client-payments.service.ts';
import { startPayment } from './start-payment.service.ts';
import type { PaymentsDeps } from './payments.deps.ts';

const idOf = (value: unknown): string => {
  const parsed = uuid.safeParse(value);
  if (!parsed.success) throw new HttpError(404, 'not an id');
  return parsed.data;
};

export function clientPaymentsRouter(deps: PaymentsDeps & { provider: string }): Router {
  const router = Router();
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };

  router.get('/account/payments', requireUser, noStore, async (_req, res) => {
    const context = serviceContext(res);
    const payments = await paymentsOfClient(deps, context, signedInClientId(context));
    res.render('payments/list', { title: res.locals.ctx.t('payments:list.title'), payments });
  });

  /** The Pay page; with nothingDue, again after a Pay that found nothing left to pay (paid meanwhile). */
  const renderNew = async (res: Response, accountId: unknown, nothingDue = false) => {
    const context = serviceContext(res);
    const due = await dueOverview(deps, context, signedInClientId(context), idOf(accountId));
    if (!due) throw new HttpError(404, 'no such account of this client');
    const key = randomBytes(24).toString('base64url');
    // Paid meanwhile (at the counter, in another tab): the form was right, what it was for is gone.
    res
      .status(nothingDue ? 409 : 200)
      .render('payments/new', { title: res.locals.ctx.t('payments:new.title'), due, key });
  };

  router.get('/account/payments/new', requireUser, noStore, (req, res) => renderNew(res, req.query.account));

  // The form is ours and hidden: a tampered one is no account of theirs (404), never a 422.
  const pay = validate(payForm, () => {
    throw new HttpError(404, 'not a pay form of ours');
  });
  router.post('/account/payments', requireUser, pay, async (req, res) => {
    const context = serviceContext(res);
    const clientId = signedInClientId(context);
    const { account, key } = pay.data(res);
    const client = await clientSummary(deps, context, clientId);
    const outcome = await startPayment(deps, context, {
      clientId,
      accountId: account,
      idempotencyKey: key,
      email: client?.email ?? '',
      language: res.locals.ctx.locale,
      provider: deps.provider,
    });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such account of this client');
    if (outcome.kind === 'nothingDue') return renderNew(res, account, true);
    res.redirect(303, res.locals.ctx.url(`/account/payments/${outcome.intentId}`));
  });

  router.get('/account/payments/:id', requireUser, noStore, async (req, res) => {
    const context = serviceContext(res);
    const payment = await paymentOfClient(deps, context, signedInClientId(context), idOf(req.params.id));
    if (!payment) throw new HttpError(404, 'no such payment of this client');
    res.render('payments/payment', { title: res.locals.ctx.t(`payments:state.${payment.state}.title`), payment });
  });

  return router;
}
