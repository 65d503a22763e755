// /admin/mail-problems: the tenant's mails that failed (still being retried, or given up on),
// with the mail server's last answer, newest first, a page at a time by keyset, filtered by
// state; and POST /admin/mail-problems/:id/resend, which sends a dead mail again as its feature
// makes it anew (mail-problems.service.ts) and comes back to the page saying what happened.
// The recipient is shown in full: the usual cause of a dead mail is a mistyped address, which
// the clerk can only see whole (the client's page and the search show it whole too).
import { Router, type Request } from 'express';
import type { z } from 'zod';
import { HttpError } from '../../platform/http/errors.ts';
import { readForm } from '../../platform/http/forms.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../platform/http/keyset-cursor.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../staff/index.ts';
import { idParam } from '../../platform/http/id-param.ts';
import { mailProblemsFilter, resendNotice } from './mail-problems.form.ts';
import { mailProblemsPage, resendDeadMail, type MailProblemsDeps } from './mail-problems.service.ts';

const VIEW = 'admin/mail-problems/list';
const MINUTE_MS = 60_000;

export function mailProblemsRouter(deps: MailProblemsDeps & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);

  router.get('/mail-problems', guard, allow('mails.listProblems'), async (req, res) => {
    const { ctx } = res.locals;
    res.setHeader('Cache-Control', 'no-store');
    const locals = { title: ctx.t('adminMail:title'), notice: noticeOf(req), mails: [] };
    const form = readForm(mailProblemsFilter, req.query, ctx.t);
    if (!form.ok) return res.status(422).render(VIEW, { ...locals, errors: form.errors, values: form.values });
    const { state, after: typedCursor } = form.data;
    const after = typedCursor === undefined ? undefined : decodeKeysetCursor(typedCursor);
    const values: Record<string, string> = state ? { state } : {};
    if (typedCursor !== undefined && !after) {
      const newest = ctx.url(`/admin/mail-problems${state ? `?state=${state}` : ''}`);
      const errors = [{ field: 'after', message: ctx.t('adminMail:filters.badCursor'), href: newest }];
      return res.status(422).render(VIEW, { ...locals, errors, values });
    }
    const page = await mailProblemsPage(deps, staffContext(res), {
      state,
      after: after && { createdAt: after.at, id: after.id },
    });
    const older =
      page.next &&
      new URLSearchParams({ ...values, after: encodeKeysetCursor({ at: page.next.createdAt, id: page.next.id }) });
    res.render(VIEW, {
      ...locals,
      mails: page.mails,
      values,
      ...(older ? { olderUrl: ctx.url(`/admin/mail-problems?${older}`) } : {}),
    });
  });

  router.post('/mail-problems/:id/resend', guard, allow('mails.resend'), async (req, res) => {
    const outcome = await resendDeadMail(deps, staffContext(res), idParam(req));
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such dead mail here');
    if (outcome.kind === 'forbidden') throw new HttpError(403, 'the policy refused sending this mail again');
    const done =
      outcome.kind === 'stale'
        ? outcome.reason
        : outcome.kind === 'throttled'
          ? `throttled&wait=${Math.max(1, Math.ceil(outcome.retryAfterMs / MINUTE_MS))}`
          : outcome.kind;
    res.redirect(303, res.locals.ctx.url(`/admin/mail-problems?done=${done}`));
  });

  return router;
}

/** What the redirect after a resend says, or nothing when the query carries no such outcome. */
function noticeOf(req: Request): z.infer<typeof resendNotice> | undefined {
  const parsed = resendNotice.safeParse(req.query);
  return parsed.success ? parsed.data : undefined;
}
