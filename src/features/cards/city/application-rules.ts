// What a city card application still needs before it can be submitted (issue #23, source 001:
// an incomplete application would not be processed). The form lists exactly these, and submitting
// is refused while any is left; the same list is the review queue's check that nothing was lost.
// Who must apply follows from the holder's age on the day and their legal capacity
// (src/lib/legal-capacity.ts): a representative's declaration is needed whenever someone other
// than the holder consents or applies, and its relation must be one that route allows.
import { applicationRoute, type ApplicationRoute } from '../../../lib/legal-capacity.ts';
import type { CityCardApplication, RepresentativeRelation } from './city-card.types.ts';

export const MISSING_ITEMS = [
  /** The holder is under 4: no card is needed, so nothing can be submitted. */
  'noCardNeeded',
  /** The birth date is after today: the PESEL was mistyped. */
  'birthDate',
  'address',
  'representative',
  'idDocument',
  'photo',
  'proof',
  /** The discount's validity ended before today. */
  'discountValidity',
] as const;
export type MissingItem = (typeof MISSING_ITEMS)[number];

/** The relations a representative may have for each route that needs one. */
export function relationsFor(route: ApplicationRoute): readonly RepresentativeRelation[] {
  switch (route.kind) {
    case 'withConsent':
      return route.of === 'curator' ? ['curator'] : ['parent', 'legal_guardian'];
    case 'onBehalf':
      return route.by === 'guardian' ? ['guardian'] : ['parent', 'legal_guardian'];
    default:
      return [];
  }
}

/** The holder's route on the day (YYYY-MM-DD, the tenant's). */
export function routeOf(application: Pick<CityCardApplication, 'holderBirthDate' | 'incapacity'>, today: string) {
  return applicationRoute({
    holder: { birthDate: application.holderBirthDate },
    on: today,
    incapacity: application.incapacity,
  });
}

/** What the application lacks on `today`, in the order the form asks for it; empty when complete. */
export function missingFromApplication(application: CityCardApplication, today: string): MissingItem[] {
  const route = routeOf(application, today);
  if (route.kind === 'noCardNeeded') return ['noCardNeeded'];
  if (route.kind === 'notBornYet') return ['birthDate'];
  const missing: MissingItem[] = [];
  if (!application.address) missing.push('address');
  const relations = relationsFor(route);
  const { representative } = application;
  if (relations.length > 0 && (!representative || !relations.includes(representative.relation))) {
    missing.push('representative');
  }
  if (!application.idDocument) missing.push('idDocument');
  if (!application.photoUploadId) missing.push('photo');
  const { discount } = application;
  if (discount && !discount.proofUploadId) missing.push('proof');
  if (discount && discount.validUntil < today) missing.push('discountValidity');
  return missing;
}
