// /_dev/mailbox: the mail the local SMTP catcher took, so a developer can follow an
// activation link without a mail server. Mounted only outside production (src/app.ts).
import { Router } from 'express';
import { findMessage, listMessages } from './mailbox.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function devMailboxRouter(dataDir: string): Router {
  const router = Router();
  // Only for a browser on this machine: the socket's own peer, not a forwarded address, as
  // a development server reached through a proxy must not show strangers the links.
  router.use('/_dev/mailbox', (req, _res, next) => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '') || req.headers['x-forwarded-for'] !== undefined) {
      return next('router');
    }
    next();
  });
  router.get('/_dev/mailbox', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.render('dev-mailbox/index', {
      title: res.locals.ctx.t('devMailbox:title'),
      messages: await listMessages(dataDir),
    });
  });
  router.get('/_dev/mailbox/:id', async (req, res, next) => {
    const message = await findMessage(dataDir, req.params.id);
    if (!message) return next();
    res.setHeader('Cache-Control', 'no-store');
    res.render('dev-mailbox/message', { title: message.subject, message });
  });
  return router;
}
