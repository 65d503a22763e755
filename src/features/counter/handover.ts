// The handover sheet (issue #19): a login and a start password printed for the client, from a
// client made at the counter or from access given again. Shown once: the password is sealed
// in the clerk's session (to the tenant and the clerk) until the sheet shows it, as the
// staff's recovery codes are, and is never stored in clear.
import { Router, type Request } from 'express';
import type { SealedBox } from '../../platform/crypto/sealed-box.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { saveSession } from '../../platform/sessions/sign-in.ts';
import { absoluteUrl } from '../../platform/tenancy/absolute-url.ts';
import { tenantOf } from '../../platform/tenancy/resolve-tenant.ts';
import { isClient, type ClientRecordDeps } from '../accounts/index.ts';
import { allow, requireStaff, staffContext, type GuardDeps, type StaffContext } from '../staff/index.ts';
import { idParam } from '../../platform/http/id-param.ts';

declare module 'express-session' {
  interface SessionData {
    /** The handover sheet's login and start password, sealed (base64url), until it is shown. */
    counterHandover?: string;
  }
}

export interface IssuedStartPassword {
  clientId: string;
  login: string;
  startPassword: string;
  expiresAt: Date;
}

export interface HandoverDeps extends Pick<ClientRecordDeps, 'db'>, GuardDeps {
  sealedBox: SealedBox;
  publicUrl: string;
}

const handoverContext = ({ tenant, actor }: StaffContext) => `counter.handover:${tenant.id}:${actor.staffId}`;

/** Keeps the sheet's data for the next page, which is the sheet: redirect there after this. */
export async function keepForHandover(
  req: Request,
  sealedBox: SealedBox,
  context: StaffContext,
  issued: IssuedStartPassword,
): Promise<void> {
  const sealed = sealedBox.seal(
    JSON.stringify({ ...issued, expiresAt: issued.expiresAt.toISOString() }),
    handoverContext(context),
  );
  req.session.counterHandover = sealed.toString('base64url');
  await saveSession(req);
}

function takeHandover(req: Request, sealedBox: SealedBox, context: StaffContext): IssuedStartPassword | undefined {
  const sealed = req.session.counterHandover;
  if (!sealed) return undefined;
  const kept = JSON.parse(sealedBox.open(Buffer.from(sealed, 'base64url'), handoverContext(context)));
  return { ...kept, expiresAt: new Date(kept.expiresAt) };
}

export function handoverRouter(deps: HandoverDeps): Router {
  const router = Router();
  // 'clients.view': the sheet shows only what this member's own session holds, sealed to them;
  // the action that issued it (a new client, access given again) was allowed on its own.
  router.get('/clients/:id/handover', requireStaff(deps), allow('clients.view'), async (req, res) => {
    const clientId = idParam(req);
    const context = staffContext(res);
    const handover = takeHandover(req, deps.sealedBox, context);
    // A reload, or another client's address, leads to the client's page.
    if (!handover || handover.clientId !== clientId) {
      if (!(await isClient(deps, context, clientId))) throw new HttpError(404, 'no such client here');
      return res.redirect(303, res.locals.ctx.url(`/admin/clients/${clientId}`));
    }
    delete req.session.counterHandover;
    res.setHeader('Cache-Control', 'no-store');
    res.render('admin/clients/handover', {
      title: res.locals.ctx.t('adminClients:handover.title'),
      handover: { ...handover, portalUrl: absoluteUrl(deps.publicUrl, tenantOf(res), '/sign-in') },
    });
  });
  return router;
}
