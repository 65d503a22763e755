// The terms of the e-services (/{slug}/regulations): the portal's own short regulations, shown
// for a tenant that has not published its own (settings.regulations.url); a tenant that has
// is sent there, so links to this page keep working.
import { Router } from 'express';
import type { Knex } from 'knex';
import { frontDesksOf } from '../front-desks/front-desks.service.ts';
import { serviceContext } from '../../../platform/service-context.ts';

export function regulationsRouter(db: Knex): Router {
  const router = Router();
  router.get('/regulations', async (_req, res) => {
    const { ctx } = res.locals;
    const context = serviceContext(res);
    const own = context.tenant.settings.regulations.url;
    if (own) return res.redirect(302, own);
    const desks = await frontDesksOf({ db }, context);
    res.render('tenant/regulations', { title: ctx.t('regulations:title'), desks });
  });
  return router;
}
