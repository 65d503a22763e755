// /admin/clients/:id/details: a clerk corrects a client's names, phone and language (issue
// #19). A form filled from details another clerk has changed since is answered 409 with both
// versions side by side and the clerk's own typing kept in the form, now against the current
// version: saving again is a decision made knowing what it replaces.
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../platform/http/forms.ts';
import { clientDetails, editClientDetails, type ClientDetails, type ClientRecordDeps } from '../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../staff/index.ts';
import { idParam } from '../../platform/http/id-param.ts';
import { clientDetailsForm } from './client-details.form.ts';

const VIEW = 'admin/clients/details';

const formValues = (details: ClientDetails, version: string): Record<string, string> => ({
  firstName: details.firstName,
  lastName: details.lastName,
  phone: details.phone ?? '',
  locale: details.preferredLocale,
  version,
});

export function clientDetailsRouter(deps: Pick<ClientRecordDeps, 'db'> & GuardDeps): Router {
  const router = Router();
  const guard = requireStaff(deps);
  const path = '/clients/:id/details';

  const renderForm = async (req: Request, res: Response, invalid?: InvalidFormResult) => {
    const clientId = idParam(req);
    const current = await clientDetails(deps, staffContext(res), clientId);
    if (!current) throw new HttpError(404, 'no such client here');
    const locals = { title: res.locals.ctx.t('adminClients:details.title'), client: { id: clientId }, conflict: null };
    if (invalid) return renderInvalid(res, VIEW, locals, invalid);
    res.render(VIEW, { ...locals, values: formValues(current.details, current.version) });
  };
  router.get(path, guard, allow('clients.edit'), (req, res) => renderForm(req, res));

  const form = validate(clientDetailsForm, (req, res, invalid) => renderForm(req, res, invalid));
  router.post(path, guard, allow('clients.edit'), form, async (req, res) => {
    const clientId = idParam(req);
    const { version, locale, phone, ...names } = form.data(res);
    const details: ClientDetails = { ...names, phone: phone ?? null, preferredLocale: locale };
    const outcome = await editClientDetails(deps, staffContext(res), { clientId, version, details });
    if (outcome.kind === 'notFound') throw new HttpError(404, 'no such client here');
    if (outcome.kind !== 'conflict') {
      const done = outcome.kind === 'saved' ? 'edited' : 'unchanged';
      return res.redirect(303, res.locals.ctx.url(`/admin/clients/${clientId}?done=${done}`));
    }
    res.status(409).render(VIEW, {
      title: res.locals.ctx.t('adminClients:details.title'),
      client: { id: clientId },
      conflict: { theirs: outcome.current.details, yours: details },
      values: formValues(details, outcome.current.version),
    });
  });

  return router;
}
