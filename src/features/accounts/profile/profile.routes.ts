// /account/profile: the signed-in client's details (PESEL masked) and preferred language. The
// e-mail change has its own pages (email-change.routes.ts), mounted with these.
import { Router, type Response } from 'express';
import { HttpError } from '../../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../../platform/http/forms.ts';
import { rememberLocale } from '../../../platform/http/preferences.ts';
import type { RateLimit } from '../../../platform/http/rate-limit.ts';
import { requireUser } from '../../../platform/http/require-user.ts';
import { serviceContext, signedInClientId } from '../../../platform/service-context.ts';
import { emailChangeRouter } from './email-change.routes.ts';
import { languageForm } from './profile.form.ts';
import { changePreferredLanguage, profileOf, type ProfileDeps } from './profile.service.ts';

export interface ProfileRouterDeps extends ProfileDeps {
  rateLimit: RateLimit;
  secureCookies: boolean;
}

const VIEW = 'profile/profile';

export function profileRouter(deps: ProfileRouterDeps): Router {
  const router = Router();

  const renderProfile = async (res: Response, extra: Record<string, unknown>, invalid?: InvalidFormResult) => {
    const { ctx } = res.locals;
    const context = serviceContext(res);
    const profile = await profileOf(deps, context, signedInClientId(context));
    if (!profile) throw new HttpError(404, 'client gone');
    res.setHeader('Cache-Control', 'no-store');
    const locals = { title: ctx.t('profile:title'), profile, saved: false, ...extra };
    if (invalid) return renderInvalid(res, VIEW, locals, invalid);
    res.render(VIEW, locals);
  };

  router.get('/account/profile', requireUser, async (req, res) => {
    await renderProfile(res, { saved: req.query.saved === 'language' });
  });

  const languageChange = validate(languageForm, (_req, res, invalid) => renderProfile(res, {}, invalid));
  router.post('/account/profile/language', requireUser, languageChange, async (_req, res) => {
    const { ctx } = res.locals;
    const { locale } = languageChange.data(res);
    const context = serviceContext(res);
    const saved = await changePreferredLanguage(deps, context, signedInClientId(context), locale);
    if (!saved) throw new HttpError(404, 'client gone');
    // The pages follow at once, as the language switch would; mails read the saved column.
    rememberLocale(res, locale, deps.secureCookies);
    res.redirect(303, ctx.url('/account/profile?saved=language'));
  });

  router.use(emailChangeRouter(deps));
  return router;
}
