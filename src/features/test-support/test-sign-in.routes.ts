// Test-only sign-in, mounted only when the app is built with testRoutes (browser tests and
// request tests), never by main.ts: it signs in anyone under any name, so that session
// behaviour can be tested before the accounts issues bring real sign-in.
import { createHash } from 'node:crypto';
import { Router } from 'express';
import type { Clock } from '../../lib/clock.ts';
import type { RateLimit } from '../../http/rate-limit.ts';
import { byIp } from '../../http/rate-limit.ts';
import type { Knex } from 'knex';
import { endOtherSessions, signIn } from '../../http/sessions/sign-in.ts';
import { requireUser } from '../../http/require-user.ts';
import { readForm, renderInvalid } from '../../http/forms.ts';
import { z } from 'zod';

const testSignInForm = z.object({ name: z.string().trim().min(1).max(100) });

/** The same name at the same tenant is the same user, so two browsers can share one account. */
function testUserId(tenantId: string, name: string): string {
  const hex = createHash('sha256').update(`${tenantId}:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function testSignInRouter({ db, clock, rateLimit }: { db: Knex; clock: Clock; rateLimit: RateLimit }): Router {
  const router = Router();
  router.get('/_test/sign-in', (_req, res) => {
    res.render('test-support/sign-in', { title: res.locals.ctx.t('account:testSignIn.title') });
  });
  router.post(
    '/_test/sign-in',
    rateLimit({ name: 'test-sign-in:ip', points: 30, durationSeconds: 60, key: byIp }),
    async (req, res) => {
      const { ctx } = res.locals;
      const form = readForm(testSignInForm, req.body, ctx.t);
      if (!form.ok) {
        return renderInvalid(res, 'test-support/sign-in', { title: ctx.t('account:testSignIn.title') }, form);
      }
      const { name } = form.data;
      await signIn(req, ctx.tenant!, { id: testUserId(ctx.tenant!.id, name), name, kind: 'client' }, clock);
      res.redirect(303, ctx.url('/account'));
    },
  );
  // What a password change will do: every other session of this user ends, this one goes on.
  router.post('/_test/end-other-sessions', requireUser, async (req, res) => {
    await endOtherSessions(req, res.locals.ctx.tenant!, db, clock);
    res.redirect(303, res.locals.ctx.url('/account'));
  });
  return router;
}
