// Test-only sign-in, mounted only when the app is built with testRoutes (browser tests and
// request tests), never by main.ts: it signs in anyone under any name, so that session
// behaviour can be tested before the accounts issues bring real sign-in.
import { createHash } from 'node:crypto';
import { Router } from 'express';
import type { Clock } from '../../lib/clock.ts';
import type { RateLimit } from '../../http/rate-limit.ts';
import { byIp } from '../../http/rate-limit.ts';
import { signIn } from '../../http/sessions/sign-in.ts';

/** The same name at the same tenant is the same user, so two browsers can share one account. */
function testUserId(tenantId: string, name: string): string {
  const hex = createHash('sha256').update(`${tenantId}:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function testSignInRouter({ clock, rateLimit }: { clock: Clock; rateLimit: RateLimit }): Router {
  const router = Router();
  router.get('/_test/sign-in', (_req, res) => {
    res.render('test-support/sign-in', { title: res.locals.ctx.t('account:testSignIn.title') });
  });
  router.post(
    '/_test/sign-in',
    rateLimit({ name: 'test-sign-in:ip', points: 30, durationSeconds: 60, key: byIp }),
    async (req, res) => {
      const tenant = res.locals.ctx.tenant!;
      const name =
        String((req.body as { name?: unknown }).name ?? '')
          .trim()
          .slice(0, 100) || 'Test';
      await signIn(req, tenant.id, { id: testUserId(tenant.id, name), name, kind: 'client' }, clock);
      res.redirect(303, res.locals.ctx.url('/account'));
    },
  );
  return router;
}
