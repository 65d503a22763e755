// The test provider's own pages, outside every tenant (/_test-provider/:merchant/:session): what
// a payer sees at a provider, labelled as a test, with "Pay", "Fail" and "Abandon". A choice
// comes back to this page (post/redirect/get), which then links back to the portal: the return
// URL may be another origin (a tenant's own domain), where a form's redirect may not go.
import { Router } from 'express';
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { HttpError } from '../../../platform/http/errors.ts';
import { uuid } from '../client-payments.form.ts';
import { TEST_PROVIDER_PATH } from './test-provider.ts';
import {
  decideTestTransaction,
  TEST_PROVIDER_CHOICES,
  testTransaction,
  type TestProviderChoice,
} from './test-provider.service.ts';

export function testProviderRouter(deps: { db: Knex; clock: Clock }): Router {
  const router = Router();
  const pathOf = (merchant: string, sessionId: string) =>
    `${TEST_PROVIDER_PATH}/${merchant}/${encodeURIComponent(sessionId)}`;
  const transactionOf = (params: Record<string, string | undefined>) => {
    const merchant = uuid.safeParse(params.merchant);
    const sessionId = params.session ?? '';
    if (!merchant.success || !/^[\x21-\x7e]{1,100}$/.test(sessionId)) {
      throw new HttpError(404, 'no such test transaction');
    }
    return { merchant: merchant.data, sessionId };
  };

  router.get(`${TEST_PROVIDER_PATH}/:merchant/:session`, async (req, res) => {
    const { merchant, sessionId } = transactionOf(req.params);
    const transaction = await testTransaction(deps.db, merchant, sessionId);
    if (!transaction) throw new HttpError(404, 'no such test transaction');
    res.setHeader('Cache-Control', 'no-store');
    res.render('payments/test-provider', {
      title: res.locals.ctx.t('payments:testProvider.title'),
      transaction,
      action: pathOf(merchant, sessionId),
    });
  });

  router.post(`${TEST_PROVIDER_PATH}/:merchant/:session/:choice`, async (req, res) => {
    const { merchant, sessionId } = transactionOf(req.params);
    const choice = req.params.choice as TestProviderChoice;
    if (!TEST_PROVIDER_CHOICES.includes(choice)) throw new HttpError(404, 'no such choice');
    const transaction = await decideTestTransaction(deps, merchant, sessionId, choice);
    if (!transaction) throw new HttpError(404, 'no such test transaction');
    res.redirect(303, pathOf(merchant, sessionId));
  });

  return router;
}
