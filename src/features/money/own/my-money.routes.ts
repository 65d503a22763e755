// /account/money: the signed-in client's accounts, balances, due charges and latest entries.
import { Router } from 'express';
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { requireUser } from '../../../platform/http/require-user.ts';
import { serviceContext } from '../../../platform/service-context.ts';
import { myMoney } from './my-money.service.ts';

export function myMoneyRouter(deps: { db: Knex; clock: Clock }): Router {
  const router = Router();
  router.get('/account/money', requireUser, async (_req, res) => {
    const accounts = await myMoney(deps, serviceContext(res));
    res.setHeader('Cache-Control', 'no-store');
    res.render('money/index', { title: res.locals.ctx.t('money:own.title'), accounts });
  });
  return router;
}
