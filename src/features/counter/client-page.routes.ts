// /admin/clients/:id: a client's page at the counter (issue #19), and what a clerk does from
// it. The id in the path is a UUID or the page is a 404, as is a client of another tenant
// (row-level security makes them not exist). Reading the page is audited by the service.
import { Router } from 'express';
import { HttpError } from '../../platform/http/errors.ts';
import { clientPage, deviceName, endClientSessions, type ClientRecordDeps } from '../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../staff/index.ts';
import { clientIdParam } from './client-id.ts';

/** What the page says after a change, by the `done` its redirect carries. */
const CLIENT_NOTICES = ['sessionsEnded', 'created', 'linkSent', 'alreadyClient', 'issued'] as const;

export function clientPageRouter(deps: ClientRecordDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);

  router.get('/clients/:id', guard, allow('clients.view'), async (req, res) => {
    const client = await clientPage(deps, staffContext(res), clientIdParam(req));
    if (!client) throw new HttpError(404, 'no such client here');
    res.setHeader('Cache-Control', 'no-store');
    const { t } = res.locals.ctx;
    res.render('admin/clients/client', {
      title: `${client.firstName} ${client.lastName}`,
      client: {
        ...client,
        signIns: client.signIns.map((event) => ({ ...event, device: deviceName(t, event.userAgent) })),
        sessions: client.sessions.map((session) => ({ ...session, device: deviceName(t, session.userAgent) })),
      },
      notice: CLIENT_NOTICES.find((notice) => notice === req.query.done),
    });
  });

  router.post('/clients/:id/sessions/end', guard, allow('clients.endSessions'), async (req, res) => {
    const id = clientIdParam(req);
    const ended = await endClientSessions(deps, staffContext(res), id);
    if (ended.kind === 'notFound') throw new HttpError(404, 'no such client here');
    res.redirect(303, res.locals.ctx.url(`/admin/clients/${id}?done=sessionsEnded`));
  });

  return router;
}
