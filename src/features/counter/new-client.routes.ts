// /admin/clients/new: a client made at the counter after an identity check (issue #19). A
// PESEL that already has a client opens that client's page instead. A login with a start
// password goes to the handover sheet (handover.ts).
import { Router, type Request, type Response } from 'express';
import type { Pesel } from '../../lib/pesel.ts';
import type { SealedBox } from '../../platform/crypto/sealed-box.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../platform/http/forms.ts';
import { tenantOf } from '../../platform/tenancy/resolve-tenant.ts';
import { createClientInPerson, type InPersonDeps } from '../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../staff/index.ts';
import { keepForHandover } from './handover.ts';
import { newClientForm } from './new-client.form.ts';

export interface NewClientRouterDeps extends InPersonDeps, GuardDeps {
  sealedBox: SealedBox;
}

export function newClientRouter(deps: NewClientRouterDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const title = (res: Response) => res.locals.ctx.t('adminClients:new.title');

  const renderForm = (res: Response, invalid?: InvalidFormResult) => {
    const locals = { title: title(res), nationalId: tenantOf(res).settings.nationalId };
    if (invalid) return renderInvalid(res, 'admin/clients/new', locals, invalid);
    res.render('admin/clients/new', { ...locals, values: { locale: res.locals.ctx.locale } });
  };
  router.get('/clients/new', guard, allow('clients.create'), (_req, res) => renderForm(res));

  const form = validate(
    (_req, res) => newClientForm(tenantOf(res).settings.nationalId),
    (_req, res, invalid) => renderForm(res, invalid),
  );
  router.post('/clients/new', guard, allow('clients.create'), form, async (req, res) => {
    const data = form.data(res);
    const context = staffContext(res);
    const outcome = await createClientInPerson(deps, context, {
      firstName: data.firstName,
      lastName: data.lastName,
      email: data.email,
      phone: data.phone,
      pesel: 'pesel' in data ? (data.pesel as Pesel | undefined) : undefined,
      locale: data.locale,
      document: { type: data.documentType, ending: data.documentEnding },
      representative:
        data.representativeName && data.representativeRelation
          ? { name: data.representativeName, relation: data.representativeRelation }
          : undefined,
      access: data.access,
    });
    const { t } = res.locals.ctx;
    const refuse = (field: string, key: string) =>
      renderForm(res, { errors: [{ field, message: t(key) }], values: valuesOf(req) });
    switch (outcome.kind) {
      case 'emailTaken':
        return refuse('email', 'adminClients:new.emailTaken');
      case 'needsRepresentative':
        return refuse('representativeName', 'adminClients:new.needsRepresentative');
      case 'existing':
        return res.redirect(303, res.locals.ctx.url(`/admin/clients/${outcome.clientId}?done=alreadyClient`));
      case 'created':
        return res.redirect(
          303,
          res.locals.ctx.url(
            `/admin/clients/${outcome.clientId}?done=${outcome.access === 'link' ? 'linkSent' : 'created'}`,
          ),
        );
      case 'issued':
        await keepForHandover(req, deps.sealedBox, context, outcome);
        return res.redirect(303, res.locals.ctx.url(`/admin/clients/${outcome.clientId}/handover`));
    }
  });

  return router;
}

/** What the clerk typed, for the form shown again (never a password: there is none here). */
function valuesOf(req: Request): Record<string, string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(body).filter(([name, value]) => name !== '_csrf' && typeof value === 'string') as [string, string][],
  );
}
