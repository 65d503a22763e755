// /cards/status (issue #23): the status of a city card application for anyone, signed in or
// not, by its reference and the holder's PESEL. GET shows the form and writes nothing (a
// visitor gets the CSRF cookie of any form, no session); POST answers on the same page, as the
// PESEL must not travel in an address, limited per IP and per reference (the limits' defaults
// are the manifest's). Mounted before the client's /cards/:code, which would take "status" for
// a card type's code and ask the visitor to sign in.
import { Router, type Request, type Response } from 'express';
import type { KeyedHash } from '../../../../platform/crypto/keyed-hash.ts';
import { renderInvalid, validate } from '../../../../platform/http/forms.ts';
import { privatePage } from '../../../../platform/http/private-page.ts';
import { byIp, limitRule, type Limit, type RateLimit } from '../../../../platform/http/rate-limit.ts';
import { serviceContext } from '../../../../platform/service-context.ts';
import { normalisedReference, statusForm } from './status.form.ts';
import { applicationStatus, type StatusDeps } from './status.service.ts';

export interface StatusLimits {
  cityCardStatusPerIp: Limit;
  cityCardStatusPerReference: Limit;
}

const HOUR = 60 * 60;
export const DEFAULT_STATUS_LIMITS: StatusLimits = {
  // An office's or a school's address may check for many people.
  cityCardStatusPerIp: { points: 30, durationSeconds: HOUR },
  // The applicant checks now and then; guessing a holder's PESEL for a known reference gets nowhere.
  cityCardStatusPerReference: { points: 10, durationSeconds: 24 * HOUR },
};

export interface StatusRouterDeps extends StatusDeps {
  rateLimit: RateLimit;
  /** Keys the references in the rate-limit counters, never stored as typed. */
  subjectHash: KeyedHash;
  limits: StatusLimits;
}

const VIEW = 'cards/city-status';

export function cityStatusRouter(deps: StatusRouterDeps): Router {
  const router = Router();
  const title = (res: Response) => res.locals.ctx.t('cards:status.title');
  const referenceKey = (req: Request) => {
    const reference = normalisedReference((req.body as Record<string, unknown> | undefined)?.reference);
    return reference ? deps.subjectHash(`city-card-status:${reference}`) : undefined;
  };

  router.get('/cards/status', privatePage, (_req, res) => {
    res.render(VIEW, { title: title(res), answer: undefined });
  });

  const statusCheck = validate(statusForm, (_req, res, invalid) =>
    renderInvalid(res, VIEW, { title: title(res), answer: undefined }, invalid),
  );
  router.post(
    '/cards/status',
    privatePage,
    deps.rateLimit(
      limitRule('city-card-status:ip', deps.limits.cityCardStatusPerIp, byIp),
      limitRule('city-card-status:reference', deps.limits.cityCardStatusPerReference, referenceKey),
    ),
    statusCheck,
    async (_req, res) => {
      const { reference, pesel } = statusCheck.data(res);
      const answer = await applicationStatus(deps, serviceContext(res), { reference, pesel });
      // The reference is shown again, the PESEL never: the page may stay open on a shared screen.
      res.render(VIEW, { title: title(res), answer, values: { reference } });
    },
  );

  return router;
}
