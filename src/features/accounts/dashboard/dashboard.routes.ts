// The signed-in client's dashboard: a greeting, and the tenant's modules with what each offers
// (or an honest "not yet" for those still to come). It reads nothing but the session, so it
// stays as fast as a page can be.
import { Router } from 'express';
import { requireUser } from '../../../platform/http/require-user.ts';
import { MODULE_PAGES } from '../../../platform/tenancy/tenant.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';

export function accountRouter(): Router {
  const router = Router();

  router.get('/account', requireUser, (_req, res) => {
    const tenant = tenantOf(res);
    const modules = tenant.modules
      .filter((module) => module !== 'registration')
      .map((module) => ({ module, page: MODULE_PAGES[module] }));
    res.render('account/index', { title: res.locals.ctx.t('account:title'), modules });
  });

  return router;
}
