// /account/password: the signed-in client changes their password. With a start password this
// is the only page open to them (must-change-password.ts), and no current password is asked
// for: they have just typed it. Afterwards every other session of theirs ends.
import { Router, type Response } from 'express';
import { z } from 'zod';
import { renderInvalid, validate, type FieldError } from '../../../platform/http/forms.ts';
import { PASSWORD_CHECKS_PER_USER, type RateLimit } from '../../../platform/http/rate-limit.ts';
import { requireUser } from '../../../platform/http/require-user.ts';
import { serviceContext, type ServiceContext } from '../../../platform/service-context.ts';
import { endOtherSessions } from '../../../platform/sessions/sign-in.ts';
import { personalDataOf, signedInClientProfile, type ClientProfile } from '../clients/client-profile.ts';
import { newPasswordErrors } from '../clients/new-password.ts';
import { passwordRules, passwordSettingsOf } from '../clients/password-policy.ts';
import {
  changePassword,
  startPasswordRefusal,
  type PasswordChangeDeps,
  type PasswordChangeRefusal,
} from './password-change.service.ts';
import { HttpError } from '../../../platform/http/errors.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';

const passwordChangeForm = z.object({
  currentPassword: z.string().max(1024).optional(),
  password: z.string().catch(''),
  passwordConfirmation: z.string().catch(''),
});

const VIEW = 'password/change';

/** Refusals of the service as field errors. */
const REFUSALS: Partial<Record<PasswordChangeRefusal['kind'], FieldError>> = {
  wrong_current: { field: 'currentPassword', message: 'password:wrongCurrent' },
  same_as_current: { field: 'password', message: 'password:sameAsCurrent' },
  same_as_start: { field: 'password', message: 'password:sameAsStart' },
};

export function passwordRouter(deps: PasswordChangeDeps & { rateLimit: RateLimit }): Router {
  const router = Router();
  const forced = (res: Response) => res.locals.ctx.user?.mustChangePassword === true;
  const locals = (res: Response) => ({
    title: res.locals.ctx.t(forced(res) ? 'password:change.startTitle' : 'password:change.title'),
    forced: forced(res),
    rules: passwordRules(passwordSettingsOf(tenantOf(res).settings)),
  });
  const signedInClient = async (context: ServiceContext): Promise<ClientProfile> => {
    const client = await signedInClientProfile(deps, context);
    if (!client) throw new HttpError(404, 'client gone');
    return client;
  };

  router.get('/account/password', requireUser, (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    // ?changed=mailed only after a change whose notice was queued: the page says so then.
    const changed = req.query.changed === 'mailed' ? 'mailed' : req.query.changed === '1';
    res.render(VIEW, { ...locals(res), changed });
  });

  const refuse = (res: Response, refusal: PasswordChangeRefusal) => {
    const { ctx } = res.locals;
    const error = REFUSALS[refusal.kind];
    if (error) {
      return renderInvalid(res, VIEW, locals(res), {
        errors: [{ ...error, message: ctx.t(error.message) }],
        values: {},
      });
    }
    if (refusal.kind === 'start_password_expired') {
      return res.status(403).render('sign-in/cannot-sign-in', {
        title: ctx.t('signIn:start_password_expired.title'),
        reason: refusal.kind,
      });
    }
    throw new HttpError(404, 'client gone');
  };

  const passwordChange = validate(passwordChangeForm, (_req, res, invalid) =>
    renderInvalid(res, VIEW, locals(res), invalid),
  );
  const checks = [requireUser, deps.rateLimit(PASSWORD_CHECKS_PER_USER), passwordChange];
  router.post('/account/password', ...checks, async (req, res) => {
    const { ctx } = res.locals;
    const context = serviceContext(res);
    const data = passwordChange.data(res);
    const client = await signedInClient(context);
    const current = forced(res) ? undefined : (data.currentPassword ?? '');
    const startRefusal = current === undefined && (await startPasswordRefusal(deps, client, data.password));
    if (startRefusal) return refuse(res, startRefusal);
    const errors = await newPasswordErrors(ctx.t, data, {
      ...passwordSettingsOf(context.tenant.settings),
      personal: personalDataOf(client),
    });
    if (current === '') errors.unshift({ field: 'currentPassword', message: ctx.t('validation:required') });
    if (errors.length > 0) return renderInvalid(res, VIEW, locals(res), { errors, values: {} });

    const result = await changePassword(deps, context, client, { current, password: data.password });
    if (result.kind !== 'changed') return refuse(res, result);
    // This session goes on under a new id, without the start-password flag; the others end.
    await endOtherSessions(req, context.tenant, deps.db, deps.clock);
    res.redirect(303, ctx.url(`/account/password?changed=${result.noticeQueued ? 'mailed' : '1'}`));
  });

  return router;
}
