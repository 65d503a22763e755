// POST /{slug}/payments/notifications/:provider: where providers post their notifications. It is
// mounted before the tenant's session (tenantAssets): a provider has no session and no CSRF
// token, and its signature is over the raw bytes, so this route alone reads the body raw. What
// a provider sends never makes a 500: a body that is not theirs is recorded and answered. Only
// our own failure does (the database away, a payment's follow-up that failed): the provider then
// sends the notification again, which is how the follow-up is retried.
import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { tenantOf } from '../../platform/tenancy/resolve-tenant.ts';
import { notificationContext, receiveNotification } from './notifications.service.ts';
import type { PaymentsDeps } from './payments.deps.ts';

const NOTIFICATION_LIMIT = '64kb';

export function notificationsRouter(deps: PaymentsDeps): Router {
  const router = Router();
  router.post(
    '/payments/notifications/:provider',
    express.raw({ type: () => true, limit: NOTIFICATION_LIMIT }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const requestId = String(res.getHeader('x-request-id') ?? randomUUID());
      const context = notificationContext(tenantOf(res), requestId);
      const answer = await receiveNotification(deps, context, String(req.params.provider), {
        body,
        headers: req.headers,
      });
      if (!answer) return res.status(404).type('text/plain').send('Not Found');
      res.status(answer.status).type(answer.contentType).send(answer.body);
    },
  );
  return router;
}
