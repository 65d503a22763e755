// A tenant's public pages: home, accessibility statement and privacy notice.
import { Router } from 'express';
import type { Knex } from 'knex';
import { AVAILABLE_MODULES } from '../../../platform/tenancy/tenant.ts';
import { frontDesksAt, frontDesksOf } from '../front-desks/front-desks.service.ts';
import type { Clock } from '../../../lib/clock.ts';
import { serviceContext } from '../../../platform/service-context.ts';

export function tenantPagesRouter(db: Knex, clock: Clock): Router {
  const router = Router();
  const deps = { db };

  router.get('/', async (_req, res) => {
    const context = serviceContext(res);
    res.render('tenant/home', {
      title: res.locals.ctx.t('home:title'),
      desks: await frontDesksAt(deps, context, clock.now()),
      modules: context.tenant.modules.map((module) => ({ module, available: AVAILABLE_MODULES.has(module) })),
    });
  });

  // Both statements list the front desks: where to be served in person, and how to get in.
  for (const page of ['accessibility', 'privacy'] as const) {
    router.get(`/${page}`, async (_req, res) => {
      const desks = await frontDesksOf(deps, serviceContext(res));
      res.render(`tenant/${page}`, { title: res.locals.ctx.t(`pages:${page}.title`), desks });
    });
  }

  return router;
}
