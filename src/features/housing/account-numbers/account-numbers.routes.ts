// /admin/account-numbers: the premises' account numbers (issue #21), a manager's page
// (policy: premises.importAccountNumbers). It says where the next premises' number comes from
// (the template of the housing settings, or the bank's list and how many of it are left), and
// takes a list from the bank pasted as plain text, one number a line: every bad line is named
// by its number, and nothing is stored unless every line is right.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { FieldError, InvalidFormResult } from '../../../platform/http/forms.ts';
import { renderInvalid, validate } from '../../../platform/http/forms.ts';
import type { Translate } from '../../../platform/i18n/i18n.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import {
  currentNumbering,
  importAccountNumbers,
  type AccountNumbersDeps,
  type ImportOutcome,
} from './account-numbers.service.ts';
import { MAX_LISTED_NUMBERS } from './number-list.ts';

const VIEW = 'admin/housing/account-numbers';
/** The lines named one by one; past these the summary says how many more. */
const LINES_NAMED = 20;

const numberListForm = z.object({ numbers: z.string('housingStaff:accountNumbers.empty') });

/** Why a list was refused, as field errors of its text area: one a line, the first LINES_NAMED. */
function refusal(outcome: Exclude<ImportOutcome, { kind: 'imported' }>, t: Translate): FieldError[] {
  const field = 'numbers';
  if (outcome.kind === 'empty') return [{ field, message: t('housingStaff:accountNumbers.empty') }];
  if (outcome.kind === 'tooMany') {
    return [
      { field, message: t('housingStaff:accountNumbers.tooMany', { lines: outcome.count, max: MAX_LISTED_NUMBERS }) },
    ];
  }
  const named = outcome.problems.slice(0, LINES_NAMED).map((problem) => ({
    field,
    message: t(`housingStaff:accountNumbers.problems.${problem.kind}`, {
      line: problem.line,
      firstLine: 'firstLine' in problem ? problem.firstLine : undefined,
    }),
  }));
  const more = outcome.problems.length - named.length;
  return more > 0 ? [...named, { field, message: t('housingStaff:accountNumbers.moreLines', { count: more }) }] : named;
}

export function accountNumbersRouter(deps: AccountNumbersDeps & GuardDeps): Router {
  const router = Router();
  const guard = [requireStaff(deps), allow('premises.importAccountNumbers')];

  const render = async (req: Request, res: Response, invalid?: InvalidFormResult) => {
    const locals = {
      title: res.locals.ctx.t('housingStaff:accountNumbers.title'),
      numbering: await currentNumbering(deps, staffContext(res)),
      notice: req.query.done === 'imported' ? 'imported' : undefined,
    };
    res.setHeader('Cache-Control', 'no-store');
    if (invalid) return renderInvalid(res, VIEW, locals, invalid);
    res.render(VIEW, locals);
  };
  const list = validate(numberListForm, (req, res, invalid) => render(req, res, invalid));

  router.get('/account-numbers', ...guard, (req, res) => render(req, res));
  router.post('/account-numbers', ...guard, list, async (req, res) => {
    const { numbers } = list.data(res);
    const outcome = await importAccountNumbers(deps, staffContext(res), numbers);
    if (outcome.kind !== 'imported') {
      return render(req, res, { errors: refusal(outcome, res.locals.ctx.t), values: { numbers } });
    }
    res.redirect(303, res.locals.ctx.url(`/admin/account-numbers?done=imported`));
  });

  return router;
}
