// Saving one part of a city card application (issue #23): the holder, the address, the
// representative, the identity document, the photo and the discount, each on its own, by the
// applicant online or by a clerk from a paper form. A part changes only while the application
// may be changed (a draft, or returned for corrections), under the application's row lock, so a
// submission sees every part as it checked it; each change is audited. What only the
// application can judge is refused here with the field to say it at: a holder who needs no card
// or is not born yet, a PESEL of a holder who has a card of the type in play already, a relation
// the holder's route does not allow, a discount that has already ended.
import type { Knex } from 'knex';
import { applicationRoute, type Incapacity } from '../../../../lib/legal-capacity.ts';
import { toIsoDate, type Pesel } from '../../../../lib/pesel.ts';
import { recordAudit, type AuditChanges } from '../../../../platform/audit/record.ts';
import type { ServiceContext } from '../../../../platform/service-context.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import { storeUpload, type UploadOwner } from '../../../../platform/uploads/uploads.repo.ts';
import { changeHolder } from '../../cards.repo.ts';
import type { EntitlementKind } from '../../passes/passes.types.ts';
import { relationsFor, routeOf } from '../application-rules.ts';
import { changeApplication, type ApplicationChange } from '../city-card-applications.repo.ts';
import { CITY_CARD_PHOTO, CITY_CARD_PROOF } from '../city-card-uploads.ts';
import type { HolderAddress, IdDocumentKind, RepresentativeRelation } from '../city-card.types.ts';
import { sealHolder } from '../holder-pesel.ts';
import {
  applicationDay,
  EDITABLE_STATES,
  openApplication,
  type ApplicationRef,
  type CityApplyDeps,
  type OpenApplication,
} from './application-access.ts';

export type PartOutcome =
  | { kind: 'saved' }
  | { kind: 'notFound' }
  /** Submitted (or moved on) meanwhile: nothing changes now. */
  | { kind: 'notEditable' }
  /** Refused at a field of the part's form, with the message's key. */
  | { kind: 'refused'; field: string; message: string };

type Refusal = Extract<PartOutcome, { kind: 'refused' }>;
type Decision = { change: ApplicationChange; audited: AuditChanges } | Refusal;

const refused = (field: string, message: string): Refusal => ({ kind: 'refused', field, message });

/** Who owns a file the actor uploads: the client, or the member of staff at the counter. */
export function uploadOwner(context: ServiceContext): UploadOwner {
  const { actor } = context;
  if (actor.kind === 'client') return { kind: 'client', clientId: actor.clientId };
  if (actor.kind === 'staff') return { kind: 'staff', staffId: actor.staffId };
  throw new Error(`a ${actor.kind} uploads no application files`);
}

function changePart(
  deps: CityApplyDeps,
  context: ServiceContext,
  ref: ApplicationRef,
  part: string,
  decide: (trx: Knex.Transaction, open: OpenApplication, now: Date) => Promise<Decision>,
): Promise<PartOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<PartOutcome> => {
    const open = await openApplication(trx, context, ref, { lock: true });
    if (!open) return { kind: 'notFound' };
    if (!EDITABLE_STATES.has(open.card.state)) return { kind: 'notEditable' };
    const now = deps.clock.now();
    const decision = await decide(trx, open, now);
    if ('kind' in decision) return decision;
    await changeApplication(trx, ref.cardId, decision.change, now);
    await recordAudit(trx, context, {
      action: `cards.application_${part}_changed`,
      subject: { kind: 'card', id: ref.cardId },
      changes: decision.audited,
    });
    return { kind: 'saved' };
  });
}

export interface HolderChange {
  firstName: string;
  lastName: string;
  /** Typed again only to change it. */
  pesel?: Pesel;
  incapacity: Incapacity;
}

/**
 * The holder corrected; a new PESEL re-sealed to the card (changeHolder). A representative the
 * holder's new route does not ask for is dropped with the change.
 */
export function saveHolder(deps: CityApplyDeps, context: ServiceContext, ref: ApplicationRef, holder: HolderChange) {
  return changePart(deps, context, ref, 'holder', async (trx, { application }) => {
    const birthDate = holder.pesel ? toIsoDate(holder.pesel.birthDate) : application.holderBirthDate;
    const route = applicationRoute({
      holder: { birthDate },
      on: applicationDay(deps, context),
      incapacity: holder.incapacity,
    });
    if (route.kind === 'noCardNeeded') return refused('pesel', 'cityApplication:holder.noCardNeeded');
    if (route.kind === 'notBornYet') return refused('pesel', 'cityApplication:holder.notBornYet');
    if (holder.pesel) {
      const sealed = sealHolder(deps.nationalIds, context.tenant.id, ref.cardId, holder.pesel.value);
      // A savepoint: a PESEL of a holder with a card in play breaks cards_one_open_holder.
      const changed = await trx
        .transaction((savepoint) => changeHolder(savepoint, ref.cardId, sealed))
        .catch((error: unknown) => {
          if ((error as { code?: string }).code === '23505') return false;
          throw error;
        });
      if (!changed) return refused('pesel', 'cityApplication:holder.holderHasCard');
    }
    const details = {
      firstName: holder.firstName,
      lastName: holder.lastName,
      birthDate,
      incapacity: holder.incapacity,
    };
    const before = `${application.holderFirstName} ${application.holderLastName}`;
    return {
      change: { holder: details, ...(relationsFor(route).length === 0 ? { representative: null } : {}) },
      audited: {
        holder: [before, `${holder.firstName} ${holder.lastName}`],
        incapacity: [application.incapacity, holder.incapacity],
        ...(holder.pesel ? { pesel: [null, 'changed'] } : {}),
      },
    };
  });
}

export function saveAddress(deps: CityApplyDeps, context: ServiceContext, ref: ApplicationRef, address: HolderAddress) {
  return changePart(deps, context, ref, 'address', async (_trx, { application }) => ({
    change: { address },
    audited: { address: [application.address, address] },
  }));
}

/** The representative's declaration, made now, with a relation the holder's route allows. */
export function saveRepresentative(
  deps: CityApplyDeps,
  context: ServiceContext,
  ref: ApplicationRef,
  representative: { name: string; relation: RepresentativeRelation },
) {
  return changePart(deps, context, ref, 'representative', async (_trx, { application }, now) => {
    const relations = relationsFor(routeOf(application, applicationDay(deps, context)));
    if (relations.length === 0) return refused('relation', 'cityApplication:representative.notNeeded');
    if (!relations.includes(representative.relation)) {
      return refused('relation', 'cityApplication:representative.relationNotAllowed');
    }
    const declared = { ...representative, declaredAt: now };
    return {
      change: { representative: declared },
      audited: { representative: [application.representative, declared] },
    };
  });
}

export function saveIdDocument(
  deps: CityApplyDeps,
  context: ServiceContext,
  ref: ApplicationRef,
  idDocument: { kind: IdDocumentKind; number: string },
) {
  return changePart(deps, context, ref, 'id_document', async (_trx, { application }) => ({
    change: { idDocument },
    audited: { idDocument: [application.idDocument, idDocument] },
  }));
}

/** The photo as normalised (normaliseIdPhoto), stored for the actor and attached. */
export function savePhoto(
  deps: CityApplyDeps,
  context: ServiceContext,
  ref: ApplicationRef,
  photo: { fileName: string; jpeg: Buffer },
) {
  return changePart(deps, context, ref, 'photo', async (trx, { application }, now) => {
    const content = photo.jpeg;
    const uploadId = await storeUpload(trx, CITY_CARD_PHOTO, {
      owner: uploadOwner(context),
      fileName: photo.fileName,
      mediaType: 'image/jpeg',
      content,
      now,
    });
    return { change: { photoUploadId: uploadId }, audited: { photo: [application.photoUploadId, uploadId] } };
  });
}

export type DiscountChange =
  | { kind: 'none' }
  | { kind: EntitlementKind; validUntil: string; proof?: { fileName: string; mediaType: string; content: Buffer } };

/**
 * The discount claimed, or none (its proof goes with it). A new proof replaces the one attached;
 * without one, the proof attached stays only while the discount's kind does, as it proves that.
 */
export function saveDiscount(
  deps: CityApplyDeps,
  context: ServiceContext,
  ref: ApplicationRef,
  discount: DiscountChange,
) {
  return changePart(deps, context, ref, 'discount', async (trx, { application }, now) => {
    const before = application.discount;
    if (discount.kind === 'none') return { change: { discount: null }, audited: { discount: [before, null] } };
    if (discount.validUntil < applicationDay(deps, context)) {
      return refused('validUntil', 'cityApplication:discount.validUntilPast');
    }
    const { proof } = discount;
    const proofUploadId = proof
      ? await storeUpload(trx, CITY_CARD_PROOF, { owner: uploadOwner(context), ...proof, now })
      : before?.kind === discount.kind
        ? before.proofUploadId
        : null;
    const after = { kind: discount.kind, validUntil: discount.validUntil, proofUploadId };
    return {
      change: { discount: { kind: discount.kind, validUntil: discount.validUntil }, proofUploadId },
      audited: { discount: [before, after] },
    };
  });
}
