// /admin/cards/passes: the tenant's pass catalogue (issue #22), a manager's (the policy's
// cards.configure): the list of pass types with their terms and the form of a new one, and each
// type's page with the form of its terms. What is typed wrong is said at its field (422) and
// changes nothing; a pass type of another tenant, or an id that is none, is a 404.
import { Router, type Request, type Response } from 'express';
import { typedAmount as amountAsTyped } from '../../../../lib/money.ts';
import { HttpError } from '../../../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../../../platform/http/forms.ts';
import { idInPath, idParam } from '../../../../platform/http/id-param.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../../staff/index.ts';
import type { CardsDeps } from '../../cards.deps.ts';
import { newPassTypeForm, passTypeTermsForm } from './catalogue.form.ts';
import {
  addPassType,
  cataloguedPassType,
  changePassTypeTerms,
  passCatalogue,
  type CataloguedPassType,
} from './catalogue.service.ts';

const NOTICES = ['added', 'saved', 'unchanged'] as const;

const noticeOf = (req: Request) => NOTICES.find((notice) => notice === req.query.done);

/** The type's terms as its form shows them: amounts as typed in the reader's language. */
function termsValues(passType: CataloguedPassType, locale: string): Record<string, string> {
  const left = passType.reducedLeft === null ? '' : String(passType.reducedLeft);
  return {
    name: passType.name,
    facility: passType.facility,
    price: amountAsTyped(passType.price, locale),
    reducedPrice: passType.reducedPrice === null ? '' : amountAsTyped(passType.reducedPrice, locale),
    reducedFor: passType.reducedFor ?? 'none',
    reducedLeft: left,
    reducedLeftShown: left,
    onSale: passType.onSale ? 'yes' : '',
  };
}

export function passCatalogueRouter(deps: Pick<CardsDeps, 'db'> & GuardDeps): Router {
  const router = Router();
  const guard = [requireStaff(deps), allow('cards.configure')];

  const renderList = async (req: Request, res: Response, invalid?: InvalidFormResult) => {
    const catalogue = await passCatalogue(deps, staffContext(res));
    if (!catalogue) throw new HttpError(403, 'not a manager');
    res.setHeader('Cache-Control', 'no-store');
    const locals = { title: res.locals.ctx.t('passCatalogue:title'), ...catalogue, notice: noticeOf(req) };
    if (invalid) return renderInvalid(res, 'admin/cards/passes/list', locals, invalid);
    const [onlyCardType] = catalogue.cardTypes.length === 1 ? catalogue.cardTypes : [];
    res.render('admin/cards/passes/list', { ...locals, values: { reducedFor: 'none', cardType: onlyCardType?.id } });
  };

  const renderType = async (req: Request, res: Response, invalid?: InvalidFormResult) => {
    const passType = await cataloguedPassType(deps, staffContext(res), idParam(req));
    if (!passType) throw new HttpError(404, 'no such pass type here');
    res.setHeader('Cache-Control', 'no-store');
    const locals = { title: passType.name, passType, notice: noticeOf(req) };
    if (invalid) return renderInvalid(res, 'admin/cards/passes/type', locals, invalid);
    res.render('admin/cards/passes/type', { ...locals, values: termsValues(passType, res.locals.ctx.locale) });
  };

  const newPassType = validate(newPassTypeForm, (req, res, invalid) => renderList(req, res, invalid));
  const terms = validate(passTypeTermsForm, (req, res, invalid) => renderType(req, res, invalid));

  router.get('/cards/passes', ...guard, (req, res) => renderList(req, res));

  router.post('/cards/passes', ...guard, newPassType, async (req, res) => {
    const { ctx } = res.locals;
    const outcome = await addPassType(deps, staffContext(res), newPassType.data(res));
    if (outcome.kind === 'refused') throw new HttpError(403, 'not a manager');
    if (outcome.kind === 'taken' || outcome.kind === 'noCardType') {
      const [field, key] = outcome.kind === 'taken' ? ['code', 'codeTaken'] : ['cardType', 'cardTypeMissing'];
      const errors = [{ field, message: ctx.t(`passCatalogue:errors.${key}`) }];
      return renderList(req, res, { errors, values: req.body as Record<string, string> });
    }
    res.redirect(303, ctx.url('/admin/cards/passes?done=added'));
  });

  router.get('/cards/passes/:id', ...guard, (req, res) => renderType(req, res));

  router.post('/cards/passes/:id', ...guard, idInPath, terms, async (req, res) => {
    const id = idParam(req);
    const outcome = await changePassTypeTerms(deps, staffContext(res), { id, ...terms.data(res) });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such pass type here');
    res.redirect(303, res.locals.ctx.url(`/admin/cards/passes/${id}?done=${outcome.kind}`));
  });

  return router;
}
