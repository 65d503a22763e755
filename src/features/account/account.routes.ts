// The signed-in area's first page and signing out. The dashboard grows here with the
// accounts issues; for now it greets the user and lets them sign out.
import { Router } from 'express';
import { requireUser } from '../../http/require-user.ts';
import { signOut } from '../../http/sessions/sign-in.ts';
import { sessionCookieName } from '../../http/sessions/tenant-sessions.ts';

export function accountRouter({ secureCookies }: { secureCookies: boolean }): Router {
  const router = Router();

  router.get('/account', requireUser, (_req, res) => {
    res.render('account/index', { title: res.locals.ctx.t('account:title') });
  });

  router.post('/sign-out', async (req, res) => {
    const tenant = res.locals.ctx.tenant!;
    await signOut(req, res, { name: sessionCookieName(tenant, 'client', secureCookies), secure: secureCookies });
    res.redirect(303, res.locals.ctx.url('/'));
  });

  return router;
}
