// /admin/clients/:id: a client's page at the counter (issue #19), and what a clerk does from
// it. The id in the path is a UUID or the page is a 404, as is a client of another tenant
// (row-level security makes them not exist). Reading the page is audited by the service.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { ClientPanel } from '../../platform/feature.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../platform/http/forms.ts';
import {
  changeClient,
  clientPage,
  clientSummary,
  deviceName,
  endClientSessions,
  type ClientChange,
  type ClientRecordDeps,
} from '../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../staff/index.ts';
import { idInPath, idParam } from '../../platform/http/id-param.ts';

/** What the page says after a change, by the `done` its redirect carries. */
const CLIENT_NOTICES = [
  'sessionsEnded',
  'created',
  'linkSent',
  'alreadyClient',
  'issued',
  'unlocked',
  'deactivated',
  'reactivated',
  'reopened',
  'edited',
  'accessLinkSent',
  'unchanged',
] as const;

export function clientPageRouter(
  deps: ClientRecordDeps & GuardDeps & { clientPanels: readonly ClientPanel[] },
): Router {
  const router = Router();
  const guard = requireStaff(deps);

  router.get('/clients/:id', guard, allow('clients.view'), async (req, res) => {
    const client = await clientPage(deps, staffContext(res), idParam(req));
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
    const id = idParam(req);
    const ended = await endClientSessions(deps, staffContext(res), id);
    if (ended.kind === 'notFound') throw new HttpError(404, 'no such client here');
    res.redirect(303, res.locals.ctx.url(`/admin/clients/${id}?done=sessionsEnded`));
  });

  /** A change of the client's state, then their page saying what it did (or that nothing needed doing). */
  const change =
    (clientChange: ClientChange): RequestHandler =>
    async (req, res) => {
      const id = idParam(req);
      const outcome = await changeClient(deps, staffContext(res), { clientId: id, change: clientChange });
      if (outcome.kind === 'notFound') throw new HttpError(404, 'no such client here');
      const done = outcome.kind === 'done' ? clientChange : 'unchanged';
      res.redirect(303, res.locals.ctx.url(`/admin/clients/${id}?done=${done}`));
    };
  router.post('/clients/:id/unlock', guard, allow('clients.unlock'), change('unlocked'));
  router.post('/clients/:id/reactivation', guard, allow('clients.deactivate'), change('reactivated'));
  router.post('/clients/:id/reopening', guard, allow('clients.reopen'), change('reopened'));

  // Deactivating ends every session at once: a page of its own says so and asks to confirm.
  const renderDeactivation = async (req: Request, res: Response, invalid?: InvalidFormResult) => {
    const client = await clientSummary(deps, staffContext(res), idParam(req));
    if (!client) throw new HttpError(404, 'no such client here');
    const locals = { title: res.locals.ctx.t('adminClients:deactivate.title'), client };
    if (invalid) return renderInvalid(res, 'admin/clients/deactivate', locals, invalid);
    res.render('admin/clients/deactivate', locals);
  };
  router.get('/clients/:id/deactivation', guard, allow('clients.deactivate'), (req, res) =>
    renderDeactivation(req, res),
  );
  const confirm = validate(deactivateForm, (req, res, invalid) => renderDeactivation(req, res, invalid));
  router.post(
    '/clients/:id/deactivation',
    guard,
    allow('clients.deactivate'),
    idInPath,
    confirm,
    change('deactivated'),
  );

  return router;
}

const deactivateForm = z.object({ confirmDeactivate: z.literal('yes', 'adminClients:deactivate.confirmRequired') });
