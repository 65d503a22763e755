// /favicon.ico and /robots.txt: browsers and crawlers ask for them at the root of every host,
// the portal's and a tenant's own domain alike, so they are answered before the tenant is
// resolved. The files live in public/ with the stylesheets.
import { Router } from 'express';

export function siteFilesRouter(publicDir: string, { maxAge }: { maxAge: string | number }): Router {
  const router = Router();
  for (const file of ['favicon.ico', 'robots.txt']) {
    router.get(`/${file}`, (_req, res, next) => res.sendFile(file, { root: publicDir, maxAge }, next));
  }
  return router;
}
