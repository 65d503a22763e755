// The portal's own front page: the directory of tenants.
import { Router } from 'express';
import type { TenantRegistry } from '../../../platform/tenancy/tenant-registry.ts';

export function directoryRouter(registry: TenantRegistry): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.render('directory/index', { title: res.locals.ctx.t('directory:title'), tenants: registry.all() });
  });
  return router;
}
