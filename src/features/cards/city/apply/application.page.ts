// The pages of a city card application (issue #23), the same for the client online and for the
// clerk at the counter: step 1 (the holder) and the application's page with a form for each part.
// Only the place differs: where its forms post (`base`), where the photo is shown from, and who
// is looking (the counter sees the client the application is for). A form answered with errors
// shows what was typed in it and what is stored in the others.
import type { Response } from 'express';
import { HttpError } from '../../../../platform/http/errors.ts';
import type { FieldError } from '../../../../platform/http/forms.ts';
import type { ServiceContext } from '../../../../platform/service-context.ts';
import type { MissingItem } from '../application-rules.ts';
import { ID_DOCUMENT_KINDS } from '../city-card.types.ts';
import { DISCOUNT_CHOICES } from './application.form.ts';
import { applicationView, type ApplicationView } from './application.service.ts';
import type { ApplicationRef, CityApplyDeps } from './application-access.ts';
import { PHOTO_MAX_MB, PROOF_MAX_MB } from './application-uploads.ts';
import { changesShown } from '../changes/changes.service.ts';

/** Where an application's page is, and for whom. */
export interface ApplicationPlace {
  /** The path its forms post under (each part's form adds its own: /address, /photo…). */
  base: string;
  /** Where the page links back to (the client's applications, the client's page at the counter). */
  back: string;
  /** The counter's page, for the client the application is for. */
  atCounter?: { clientName: string; cardPage: string };
}

export interface Shown {
  status?: number;
  notice?: string;
  errors?: FieldError[];
  values?: Record<string, string>;
}

/** Where the page asks for each item a submission finds missing: the first field of its part's form. */
export const MISSING_AT: Readonly<Record<MissingItem, string>> = {
  noCardNeeded: 'pesel',
  birthDate: 'pesel',
  address: 'street',
  representative: 'representativeName',
  idDocument: 'idKind',
  photo: 'photo',
  proof: 'proof',
  discountValidity: 'validUntil',
};

/** What is stored, as the forms' fields show it. */
function storedValues({ application }: ApplicationView): Record<string, string> {
  const values: Record<string, string> = {
    firstName: application.holderFirstName,
    lastName: application.holderLastName,
    incapacity: application.incapacity,
    discountKind: application.discount?.kind ?? 'none',
  };
  const { address, representative, idDocument, discount } = application;
  if (address) Object.assign(values, address);
  if (representative)
    Object.assign(values, { representativeName: representative.name, relation: representative.relation });
  if (idDocument) Object.assign(values, { idKind: idDocument.kind, idNumber: idDocument.number });
  if (discount) values.validUntil = discount.validUntil;
  return values;
}

/** The key of the sentence that says who applies for the holder. */
function routeKey({ route }: ApplicationView): string {
  switch (route.kind) {
    case 'withConsent':
      return `cityApplication:route.withConsent.${route.of}`;
    case 'onBehalf':
      return `cityApplication:route.onBehalf.${route.by}`;
    default:
      return `cityApplication:route.${route.kind}`;
  }
}

export async function renderApplication(
  deps: CityApplyDeps,
  res: Response,
  context: ServiceContext,
  ref: ApplicationRef,
  placeOf: (view: ApplicationView) => ApplicationPlace | Promise<ApplicationPlace>,
  shown: Shown = {},
): Promise<void> {
  const view = await applicationView(deps, context, ref);
  if (!view) throw new HttpError(404, 'no such application here');
  const place = await placeOf(view);
  const { ctx } = res.locals;
  // Online only: the counter changes an active card's data from the card's page.
  const changes = place.atCounter ? undefined : await changesShown(deps, context, { cardId: view.card.id });
  res.setHeader('Cache-Control', 'no-store');
  res.status(shown.status ?? 200).render('cards/city/application', {
    title: ctx.t('cityApplication:page.title', {
      card: view.type.name,
      holder: `${view.application.holderFirstName} ${view.application.holderLastName}`,
    }),
    apply: {
      ...place,
      view,
      routeKey: routeKey(view),
      consent: view.route.kind === 'withConsent',
      idKinds: ID_DOCUMENT_KINDS,
      discountChoices: DISCOUNT_CHOICES,
      limits: { photo: PHOTO_MAX_MB, proof: PROOF_MAX_MB },
      missingAt: MISSING_AT,
      changes,
    },
    notice: shown.notice,
    errors: shown.errors ?? [],
    values: { ...storedValues(view), ...shown.values },
  });
}

/** Step 1: the holder. `cardTypes` where the counter chooses among several city card types. */
export function renderNewApplication(
  res: Response,
  page: {
    typeName: string;
    action: string;
    back: string;
    /** At the counter: the city card types to choose from, and the client applied for. */
    cardTypes?: { id: string; name: string }[];
    clientName?: string;
    /** The application the holder has already, when it may be shown. */
    existing?: string;
  },
  shown: Shown = {},
): void {
  res.setHeader('Cache-Control', 'no-store');
  res.status(shown.status ?? 200).render('cards/city/new', {
    title: res.locals.ctx.t('cityApplication:new.title', { card: page.typeName }),
    apply: page,
    errors: shown.errors ?? [],
    values: shown.values ?? {},
  });
}
