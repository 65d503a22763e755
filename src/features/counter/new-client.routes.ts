// /admin/clients/new: a client made at the counter after an identity check (issue #19). A
// PESEL that already has a client opens that client's page instead. A login with a start
// password goes to the handover sheet, shown once: the password is sealed in the clerk's
// session until that page shows it (as the staff's recovery codes are), never stored in clear.
import { Router, type Request, type Response } from 'express';
import type { Pesel } from '../../lib/pesel.ts';
import type { SealedBox } from '../../platform/crypto/sealed-box.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { renderInvalid, validate, type InvalidFormResult } from '../../platform/http/forms.ts';
import { saveSession } from '../../platform/sessions/sign-in.ts';
import { absoluteUrl } from '../../platform/tenancy/absolute-url.ts';
import { tenantOf } from '../../platform/tenancy/resolve-tenant.ts';
import { createClientInPerson, isClient, type InPersonDeps } from '../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps } from '../staff/index.ts';
import { clientIdParam } from './client-id.ts';
import { newClientForm } from './new-client.form.ts';

declare module 'express-session' {
  interface SessionData {
    /** The handover sheet's login and start password, sealed (base64url), until it is shown. */
    counterHandover?: string;
  }
}

interface Handover {
  clientId: string;
  login: string;
  startPassword: string;
  expiresAt: string;
}

export interface NewClientRouterDeps extends InPersonDeps, GuardDeps {
  sealedBox: SealedBox;
  publicUrl: string;
}

const handoverContext = (tenantId: string, staffId: string) => `counter.handover:${tenantId}:${staffId}`;

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
      case 'issued': {
        const handover: Handover = { ...outcome, expiresAt: outcome.expiresAt.toISOString() };
        const sealed = deps.sealedBox.seal(
          JSON.stringify(handover),
          handoverContext(context.tenant.id, context.actor.staffId),
        );
        req.session.counterHandover = sealed.toString('base64url');
        await saveSession(req);
        return res.redirect(303, res.locals.ctx.url(`/admin/clients/${outcome.clientId}/handover`));
      }
    }
  });

  // Shown once: the sheet's data leaves the session as the page is made; a reload or another
  // client's address leads to the client's page.
  router.get('/clients/:id/handover', guard, allow('clients.create'), async (req, res) => {
    const clientId = clientIdParam(req);
    const sealed = req.session.counterHandover;
    const context = staffContext(res);
    const handover = sealed
      ? (JSON.parse(
          deps.sealedBox.open(
            Buffer.from(sealed, 'base64url'),
            handoverContext(context.tenant.id, context.actor.staffId),
          ),
        ) as Handover)
      : undefined;
    if (!handover || handover.clientId !== clientId) {
      if (!(await isClient(deps, context, clientId))) throw new HttpError(404, 'no such client here');
      return res.redirect(303, res.locals.ctx.url(`/admin/clients/${clientId}`));
    }
    delete req.session.counterHandover;
    res.setHeader('Cache-Control', 'no-store');
    res.render('admin/clients/handover', {
      title: res.locals.ctx.t('adminClients:handover.title'),
      handover: {
        ...handover,
        expiresAt: new Date(handover.expiresAt),
        portalUrl: absoluteUrl(deps.publicUrl, tenantOf(res), '/sign-in'),
      },
    });
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
