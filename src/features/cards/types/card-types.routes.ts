// /admin/cards/types: the card types a tenant issues, a manager's (the policy's cards.configure):
// the list with the form of a new type (its kind, where the tenant's card modules offer more than
// one, and its check digit chosen there, once), and each type's page with the form of its name
// and fee (none for a free kind, the city card), its format and check digit shown, not changed.
// What is typed wrong is said at its field (422) and changes nothing; a type of another tenant is
// a 404.
import { Router, type Response } from 'express';
import { HttpError } from '../../../platform/http/errors.ts';
import { readForm, type FieldError } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/id-param.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../../staff/index.ts';
import { tenantOf } from '../../../platform/tenancy/resolve-tenant.ts';
import type { CardsDeps } from '../cards.deps.ts';
import { workflowsOffered } from '../offered.ts';
import { WORKFLOW_TRAITS } from '../workflow.ts';
import { asksFee, cardTypeChangeForm, newCardTypeForm } from './card-types.form.ts';
import { cardType, cardTypes, changeCardType, createCardType } from './card-types.service.ts';

type Page = { status?: number; notice?: string; errors?: FieldError[]; values?: Record<string, unknown> };

const NOTICES = ['created', 'saved'] as const;

export function cardTypesRouter(deps: Pick<CardsDeps, 'db'> & GuardDeps): Router {
  const router = Router();
  const guard = [requireStaff(deps), allow('cards.configure')];

  const renderList = async (res: Response, page: Page = {}) => {
    const types = await cardTypes(deps, staffContext(res));
    if (!types) throw new HttpError(403, 'not a manager');
    const workflows = workflowsOffered(tenantOf(res));
    res.setHeader('Cache-Control', 'no-store');
    res.status(page.status ?? 200).render('admin/cards/types', {
      title: res.locals.ctx.t('cards:types.title'),
      types,
      workflows: { offered: workflows, asksFee: asksFee(workflows), traits: WORKFLOW_TRAITS },
      notice: page.notice,
      errors: page.errors ?? [],
      values: page.values ?? { numberLength: '12', currency: 'PLN', checkDigit: 'luhn' },
    });
  };

  const renderType = async (res: Response, id: string, page: Page = {}) => {
    const type = await cardType(deps, staffContext(res), id);
    if (!type) throw new HttpError(404, 'no such card type here');
    res.setHeader('Cache-Control', 'no-store');
    res.status(page.status ?? 200).render('admin/cards/type', {
      title: type.name,
      type,
      notice: page.notice,
      errors: page.errors ?? [],
      free: WORKFLOW_TRAITS[type.workflow].free,
      values: page.values ?? {
        name: type.name,
        activationFee: (type.activationFee / 100).toFixed(2).replace('.', ','),
      },
    });
  };

  router.get('/cards/types', ...guard, (req, res) =>
    renderList(res, { notice: NOTICES.find((notice) => notice === req.query.done) }),
  );

  router.post('/cards/types', ...guard, async (req, res) => {
    const { ctx } = res.locals;
    const form = readForm(newCardTypeForm(workflowsOffered(tenantOf(res))), req.body, ctx.t);
    if (!form.ok) return renderList(res, { status: 422, errors: form.errors, values: form.values });
    const outcome = await createCardType(deps, staffContext(res), form.data);
    if (outcome.kind === 'refused') throw new HttpError(403, 'not a manager');
    if (outcome.kind === 'taken') {
      const errors = [{ field: outcome.field, message: ctx.t(`cards:types.taken.${outcome.field}`) }];
      return renderList(res, { status: 422, errors, values: req.body as Record<string, unknown> });
    }
    res.redirect(303, ctx.url('/admin/cards/types?done=created'));
  });

  router.get('/cards/types/:id', ...guard, (req, res) =>
    renderType(res, idParam(req), { notice: NOTICES.find((notice) => notice === req.query.done) }),
  );

  router.post('/cards/types/:id', ...guard, async (req, res) => {
    const { ctx } = res.locals;
    const id = idParam(req);
    const type = await cardType(deps, staffContext(res), id);
    if (!type) throw new HttpError(404, 'no such card type here');
    const form = readForm(cardTypeChangeForm(type.workflow), req.body, ctx.t);
    if (!form.ok) return renderType(res, id, { status: 422, errors: form.errors, values: form.values });
    const outcome = await changeCardType(deps, staffContext(res), { id, ...form.data });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such card type here');
    res.redirect(303, ctx.url(`/admin/cards/types/${id}?done=saved`));
  });

  return router;
}
