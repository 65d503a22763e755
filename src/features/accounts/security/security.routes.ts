// /account/security: where the client is signed in, and their recent sign-ins, with "sign out
// everywhere else" for a device they do not recognise.
import { Router } from 'express';
import type { Knex } from 'knex';
import type { Clock } from '../../../lib/clock.ts';
import { requireUser } from '../../../platform/http/require-user.ts';
import { serviceContext, signedInClientId } from '../../../platform/service-context.ts';
import { endOtherSessions } from '../../../platform/sessions/sign-in.ts';
import { deviceName } from './device-name.ts';
import { securityOverview } from './security.service.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';

export function securityRouter(deps: { db: Knex; clock: Clock }): Router {
  const router = Router();

  router.get('/account/security', requireUser, async (req, res) => {
    const { ctx } = res.locals;
    res.setHeader('Cache-Control', 'no-store');
    const context = serviceContext(res);
    const overview = await securityOverview(deps, context, {
      clientId: signedInClientId(context),
      currentSid: req.sessionID,
    });
    res.render('security/index', {
      title: ctx.t('security:title'),
      sessions: overview.sessions.map((session) => ({ ...session, device: deviceName(ctx.t, session.userAgent) })),
      successes: overview.successes.map((event) => ({ ...event, device: deviceName(ctx.t, event.userAgent) })),
      events: overview.events.map((event) => ({ ...event, device: deviceName(ctx.t, event.userAgent) })),
      signedOutOthers: req.query.signedOutOthers === '1',
    });
  });

  router.post('/account/security/sign-out-others', requireUser, async (req, res) => {
    // Every session of the user ends; this one goes on under a new id.
    await endOtherSessions(req, tenantOf(res), deps.db, deps.clock);
    res.redirect(303, res.locals.ctx.url('/account/security?signedOutOthers=1'));
  });

  return router;
}
