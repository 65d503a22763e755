// /_dev/mailbox: the mail the local SMTP catcher took, so a developer can follow an
// activation link without a mail server. Mounted only outside production (src/app.ts).
import { Router } from 'express';
import { findMessage, listMessages } from './mailbox.ts';

export function devMailboxRouter(dataDir: string): Router {
  const router = Router();
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
