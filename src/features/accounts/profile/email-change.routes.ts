// Changing the e-mail address: the form (new address and current password), "check the new
// mailbox", and the link's page with a confirm button. The link's GET changes nothing, so a
// mail scanner fetching it confirms nothing; it works without a session.
import { Router, type Response } from 'express';
import { HttpError } from '../../../platform/http/errors.ts';
import { validate, type FieldError } from '../../../platform/http/forms.ts';
import { PASSWORD_CHECKS_PER_USER, byIp, tellRetryAfter, type RateLimit } from '../../../platform/http/rate-limit.ts';
import { requireUser } from '../../../platform/http/require-user.ts';
import { serviceContext, signedInClientId } from '../../../platform/service-context.ts';
import {
  checkEmailChangeLink,
  confirmEmailChange,
  EMAIL_CHANGE_LINK_HOURS,
  requestEmailChange,
  type EmailChangeRequest,
} from './email-change.service.ts';
import { emailChangeForm, emailConfirmForm } from './profile.form.ts';
import { pendingEmailChangeOf, profileOf, type ProfileDeps } from './profile.service.ts';
import { privatePage } from '../../../platform/http/private-page.ts';

/** Refusals of the service as field errors (status 422, or 429 when the mail throttle held the link). */
const REFUSALS: Partial<Record<EmailChangeRequest['kind'], FieldError & { status: number }>> = {
  same_as_current: { field: 'newEmail', message: 'profile:email.sameAsCurrent', status: 422 },
  wrong_password: { field: 'password', message: 'profile:email.wrongPassword', status: 422 },
  held_back: { field: 'newEmail', message: 'profile:email.heldBack', status: 429 },
};

export function emailChangeRouter(deps: ProfileDeps & { rateLimit: RateLimit }): Router {
  const router = Router();
  const FORM = 'profile/email';

  const renderForm = async (
    res: Response,
    status = 200,
    errors: FieldError[] = [],
    values: Record<string, string> = {},
  ) => {
    const { ctx } = res.locals;
    const context = serviceContext(res);
    const profile = await profileOf(deps, context, signedInClientId(context));
    if (!profile) throw new HttpError(404, 'client gone');
    res.status(status).render(FORM, { title: ctx.t('profile:email.title'), profile, errors, values });
  };

  router.get('/account/email', requireUser, privatePage, (_req, res) => renderForm(res));

  const emailChange = validate(emailChangeForm, (_req, res, invalid) =>
    renderForm(res, 422, invalid.errors, invalid.values),
  );
  router.post(
    '/account/email',
    requireUser,
    privatePage,
    deps.rateLimit(PASSWORD_CHECKS_PER_USER),
    emailChange,
    async (_req, res) => {
      const { ctx } = res.locals;
      const form = emailChange.data(res);
      const result = await requestEmailChange(deps, serviceContext(res), form);
      if (result.kind === 'gone') throw new HttpError(404, 'client gone');
      const refusal = REFUSALS[result.kind];
      if (refusal) {
        const held = result.kind === 'held_back' ? ` ${tellRetryAfter(res, ctx.t, result.retryAfterMs)}` : '';
        const error = { field: refusal.field, message: `${ctx.t(refusal.message)}${held}` };
        return renderForm(res, refusal.status, [error], { newEmail: form.newEmail });
      }
      res.redirect(303, ctx.url('/account/email/sent'));
    },
  );

  router.get('/account/email/sent', requireUser, privatePage, async (_req, res) => {
    const { ctx } = res.locals;
    const context = serviceContext(res);
    const pending = await pendingEmailChangeOf(deps, context, signedInClientId(context));
    res.render('profile/email-sent', {
      title: ctx.t('profile:sent.title'),
      pending,
      validHours: EMAIL_CHANGE_LINK_HOURS,
    });
  });

  // Expired, used (or replaced by a newer link) and unknown links get the same page.
  const renderLinkProblem = (res: Response) =>
    res.status(410).render('profile/email-link-problem', { title: res.locals.ctx.t('profile:linkProblem.title') });
  const renderTaken = (res: Response) =>
    res.status(409).render('profile/email-taken', { title: res.locals.ctx.t('profile:taken.title') });

  router.get('/account/email/confirm', privatePage, async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const link = await checkEmailChangeLink(deps, serviceContext(res), token);
    if (link.kind === 'invalid') return renderLinkProblem(res);
    if (link.kind === 'taken') return renderTaken(res);
    res.render('profile/email-confirm', {
      title: res.locals.ctx.t('profile:confirm.title'),
      address: link.newEmail,
      token,
    });
  });

  router.post(
    '/account/email/confirm',
    privatePage,
    deps.rateLimit({ name: 'email-confirm:ip', points: 30, durationSeconds: 60 * 60, key: byIp }),
    async (req, res) => {
      const { token } = emailConfirmForm.parse(req.body ?? {});
      const outcome = await confirmEmailChange(deps, serviceContext(res), token);
      if (outcome.kind === 'invalid') return renderLinkProblem(res);
      if (outcome.kind === 'taken') return renderTaken(res);
      // Shown from the POST itself: the address is not put into a URL, and a reload only finds the link used.
      res.render('profile/email-confirmed', {
        title: res.locals.ctx.t('profile:confirmed.title'),
        address: outcome.newEmail,
      });
    },
  );

  return router;
}
