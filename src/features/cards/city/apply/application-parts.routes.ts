// The forms of an application's page (issue #23), posted to the same paths under the page's own
// (the client's /cards/:code/applications/:id, the counter's /admin/cards/:id/application-form):
// /holder, /address, /representative, /id-document, /photo and /discount each save their part
// and return to the page (303), /submission submits it. A form with mistakes is the page again
// with them at their fields (422); a part the application no longer takes (submitted meanwhile)
// is the page as it is now (409); a file too large is the page with the limit at its field
// (413, nothing stored); an application the visitor may not see is a 404.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { HttpError } from '../../../../platform/http/errors.ts';
import { validate } from '../../../../platform/http/forms.ts';
import type { ServiceContext } from '../../../../platform/service-context.ts';
import { UploadTooLarge } from '../../../../platform/uploads/receive-upload.ts';
import { addressForm, discountForm, holderChangeForm, idDocumentForm, representativeForm } from './application.form.ts';
import type { ApplicationRef, CityApplyDeps } from './application-access.ts';
import {
  saveAddress,
  saveDiscount,
  saveHolder,
  saveIdDocument,
  savePhoto,
  saveRepresentative,
  type PartOutcome,
} from './application-parts.service.ts';
import { MISSING_AT, type Shown } from './application.page.ts';
import { submitApplication } from './application.service.ts';
import { PHOTO_MAX_MB, PROOF_MAX_MB, receivedPhoto, receivedProof, type FileProblem } from './application-uploads.ts';

/** Where the forms are, as the client's and the counter's routers give it. */
export interface PartsPlace {
  /** The page's route path, with its parameters. */
  path: string;
  guard: RequestHandler[];
  contextOf(res: Response): ServiceContext;
  refOf(req: Request): ApplicationRef;
  /** The page's address, for the redirect after a part is saved. */
  pageUrl(req: Request, res: Response): string;
  render(req: Request, res: Response, shown: Shown): Promise<void>;
}

/** The page's parts, each with its anchor (#part-address) for the redirect back to the one just saved. */
type Part = 'holder' | 'address' | 'representative' | 'idDocument' | 'photo' | 'discount';

export function applicationPartsRouter(deps: CityApplyDeps, place: PartsPlace): Router {
  const router = Router();
  const { path, guard } = place;
  const invalid = (req: Request, res: Response, shown: Shown) => place.render(req, res, { status: 422, ...shown });

  const answer = async (req: Request, res: Response, outcome: PartOutcome, part: Part) => {
    const { ctx } = res.locals;
    switch (outcome.kind) {
      case 'saved':
        return res.redirect(303, `${place.pageUrl(req, res)}?done=${part}#part-${part}`);
      case 'notFound':
        throw new HttpError(404, 'no such application here');
      case 'notEditable':
        return place.render(req, res, { status: 409, notice: 'notEditable' });
      case 'refused': {
        const typed = Object.entries((req.body ?? {}) as Record<string, unknown>);
        const values = Object.fromEntries(
          typed.flatMap(([name, value]) => (name !== '_csrf' && typeof value === 'string' ? [[name, value]] : [])),
        ) as Record<string, string>;
        return invalid(req, res, { errors: [{ field: outcome.field, message: ctx.t(outcome.message) }], values });
      }
    }
  };
  const fileError = (res: Response, field: string, problem: FileProblem) => [
    { field, message: res.locals.ctx.t(problem.message, problem.values ?? {}) },
  ];
  const tooLarge = (req: Request, res: Response, field: 'photo' | 'proof', size: number) => {
    const message = res.locals.ctx.t(`cityApplication:${field === 'photo' ? 'photo' : 'discount'}.tooLargeFile`, {
      size,
    });
    return place.render(req, res, { status: 413, errors: [{ field, message }] });
  };
  /** What every part's service is called with: the deps, the request's context and application. */
  const on = (req: Request, res: Response) => [deps, place.contextOf(res), place.refOf(req)] as const;

  const holder = validate(holderChangeForm, invalid);
  router.post(`${path}/holder`, ...guard, holder, async (req, res) => {
    await answer(req, res, await saveHolder(...on(req, res), holder.data(res)), 'holder');
  });

  const address = validate(addressForm, invalid);
  router.post(`${path}/address`, ...guard, address, async (req, res) => {
    await answer(req, res, await saveAddress(...on(req, res), address.data(res)), 'address');
  });

  const representative = validate(representativeForm, invalid);
  router.post(`${path}/representative`, ...guard, representative, async (req, res) => {
    const { representativeName: name, relation } = representative.data(res);
    await answer(req, res, await saveRepresentative(...on(req, res), { name, relation }), 'representative');
  });

  const idDocument = validate(idDocumentForm, invalid);
  router.post(`${path}/id-document`, ...guard, idDocument, async (req, res) => {
    const { idKind: kind, idNumber: number } = idDocument.data(res);
    await answer(req, res, await saveIdDocument(...on(req, res), { kind, number }), 'idDocument');
  });

  router.post(`${path}/photo`, ...guard, async (req, res) => {
    try {
      const photo = await receivedPhoto(req);
      if (photo.kind === 'problem') return await invalid(req, res, { errors: fileError(res, 'photo', photo.problem) });
      await answer(req, res, await savePhoto(...on(req, res), photo), 'photo');
    } catch (error) {
      if (!(error instanceof UploadTooLarge)) throw error;
      await tooLarge(req, res, 'photo', PHOTO_MAX_MB);
    }
  });

  // The discount's kind and validity are the fields before its file; no discount reads no file.
  const discount = validate(discountForm, invalid);
  router.post(`${path}/discount`, ...guard, discount, async (req, res) => {
    const claimed = discount.data(res);
    try {
      if (claimed.kind === 'none')
        return await answer(req, res, await saveDiscount(...on(req, res), claimed), 'discount');
      const proof = await receivedProof(req);
      if (proof.kind === 'problem') return await invalid(req, res, { errors: fileError(res, 'proof', proof.problem) });
      const change = { ...claimed, ...(proof.kind === 'proof' ? { proof } : {}) };
      await answer(req, res, await saveDiscount(...on(req, res), change), 'discount');
    } catch (error) {
      if (!(error instanceof UploadTooLarge)) throw error;
      await tooLarge(req, res, 'proof', PROOF_MAX_MB);
    }
  });

  router.post(`${path}/submission`, ...guard, async (req, res) => {
    const { ctx } = res.locals;
    const outcome = await submitApplication(deps, place.contextOf(res), place.refOf(req));
    switch (outcome.kind) {
      case 'submitted':
        return res.redirect(303, `${place.pageUrl(req, res)}?done=submitted`);
      case 'notFound':
        throw new HttpError(404, 'no such application here');
      case 'notEditable':
        return place.render(req, res, { status: 409, notice: 'notEditable' });
      case 'incomplete': {
        const errors = outcome.missing.map((item) => ({
          field: item,
          message: ctx.t(`cityApplication:missing.${item}`),
          href: `#${MISSING_AT[item]}`,
        }));
        return invalid(req, res, { errors, notice: 'incomplete' });
      }
    }
  });

  return router;
}
