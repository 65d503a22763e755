// /account/data: what the tenant holds about the client, the download of all of it (JSON or
// CSV), and closing the account. Both actions ask for the password again (reauthenticate.ts),
// limited per user so a stolen session cannot guess it faster than the sign-in form.
import { Router, type Response } from 'express';
import { z } from 'zod';
import { renderInvalid, validate, type FieldError } from '../../../platform/http/forms.ts';
import { HttpError } from '../../../platform/http/errors.ts';
import { PASSWORD_CHECKS_PER_USER, type RateLimit } from '../../../platform/http/rate-limit.ts';
import { requireUser } from '../../../platform/http/require-user.ts';
import { serviceContext } from '../../../platform/service-context.ts';
import { signOut } from '../../../platform/sessions/sign-in.ts';
import { sessionCookieName } from '../../../platform/sessions/tenant-sessions.ts';
import { MAIL_HISTORY_DAYS } from '../../../platform/jobs/housekeeping.ts';
import { SIGN_IN_HISTORY_DAYS } from '../sign-in/sign-in-events.ts';
import { closeAccount } from './close-account.service.ts';
import {
  CONTENT_TYPES,
  EXPORT_FORMATS,
  csvHeader,
  exportAsCsv,
  exportAsJson,
  exportFileName,
} from './data-export.format.ts';
import { collectClientData } from './data-export.service.ts';
import { reauthenticate, type MyDataDeps } from './reauthenticate.ts';

const exportForm = z.object({
  format: z.enum(EXPORT_FORMATS, 'myData:export.chooseFormat'),
  exportPassword: z.string().min(1).max(1024),
});

const closeForm = z.object({
  closePassword: z.string().min(1).max(1024),
  confirmClose: z.literal('yes', 'myData:close.confirmRequired'),
});

const VIEW = 'my-data/index';

export function myDataRouter(deps: MyDataDeps & { rateLimit: RateLimit; secureCookies: boolean }): Router {
  const router = Router();
  const passwordTries = deps.rateLimit(PASSWORD_CHECKS_PER_USER);
  const locals = (res: Response) => ({
    title: res.locals.ctx.t('myData:title'),
    historyDays: { signIns: SIGN_IN_HISTORY_DAYS, mails: MAIL_HISTORY_DAYS },
  });
  /** The form again with "wrong password" on its field; the format chosen stays (never the password). */
  const wrongPassword = (res: Response, field: string, values: Record<string, string> = {}) => {
    const errors: FieldError[] = [{ field, message: res.locals.ctx.t('myData:wrongPassword') }];
    renderInvalid(res, VIEW, locals(res), { errors, values });
  };

  router.get('/account/data', requireUser, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.render(VIEW, locals(res));
  });

  const exportCheck = validate(exportForm, (_req, res, invalid) => {
    res.setHeader('Cache-Control', 'no-store');
    renderInvalid(res, VIEW, locals(res), invalid);
  });
  router.post('/account/data/export', requireUser, passwordTries, exportCheck, async (req, res) => {
    const { ctx } = res.locals;
    const context = serviceContext(res);
    res.setHeader('Cache-Control', 'no-store');
    const { format, exportPassword } = exportCheck.data(res);
    const check = await reauthenticate(deps, context, exportPassword);
    if (check.kind === 'wrong_password') return wrongPassword(res, 'exportPassword', { format });
    if (check.kind === 'gone') throw new HttpError(404, 'client gone');
    const now = deps.clock.now();
    const data = await collectClientData(deps, context, check.client, { currentSid: req.sessionID, now });
    res.attachment(exportFileName(context.tenant, ctx.t('myData:export.fileStem'), now, format));
    res.type(CONTENT_TYPES[format]);
    res.send(format === 'json' ? exportAsJson(data) : exportAsCsv(data, csvHeader(ctx.t)));
  });

  const closeCheck = validate(closeForm, (_req, res, invalid) => renderInvalid(res, VIEW, locals(res), invalid));
  router.post('/account/close', requireUser, passwordTries, closeCheck, async (req, res) => {
    const { ctx } = res.locals;
    const context = serviceContext(res);
    const { closePassword } = closeCheck.data(res);
    const check = await reauthenticate(deps, context, closePassword);
    if (check.kind === 'wrong_password') return wrongPassword(res, 'closePassword');
    if (check.kind === 'gone') throw new HttpError(404, 'client gone');
    const closed = await closeAccount(deps, context, check.client);
    if (closed.kind === 'gone') throw new HttpError(404, 'client gone');
    // Every session ended with the account; this browser forgets its cookie too.
    await signOut(req, res, {
      name: sessionCookieName(context.tenant, 'client', deps.secureCookies),
      secure: deps.secureCookies,
    });
    res.redirect(303, ctx.url('/account/closed'));
  });

  // Reached signed out: says what happens now, from the tenant's settings alone.
  router.get('/account/closed', (_req, res) => {
    res.render('my-data/closed', { title: res.locals.ctx.t('myData:closed.title') });
  });

  return router;
}
