// The city transport e-card's application (issue #23, source 001), as the pages and the review
// read it: who the card is for, how they apply, what they sent. The holder's PESEL is sealed on
// the card (cards.holder_pesel_sealed); here it is only ever the masked form a page shows.
import type { Incapacity } from '../../../lib/legal-capacity.ts';
import type { EntitlementKind } from '../passes/passes.types.ts';

export const REPRESENTATIVE_RELATIONS = ['parent', 'legal_guardian', 'guardian', 'curator'] as const;
export type RepresentativeRelation = (typeof REPRESENTATIVE_RELATIONS)[number];

/** What identifies the holder at pickup: the clerk compares it with the document shown. */
export const ID_DOCUMENT_KINDS = ['id_card', 'passport', 'residence_card', 'school_id'] as const;
export type IdDocumentKind = (typeof ID_DOCUMENT_KINDS)[number];

/** The discounts a city card may carry: the same groups the passes' reduced prices know. */
export type DiscountKind = EntitlementKind;

export interface HolderAddress {
  street: string;
  postalCode: string;
  city: string;
}

export interface CityCardApplication {
  cardId: string;
  /** What the applicant quotes and the status check asks for: XXXX-XXXX. */
  reference: string;
  holderFirstName: string;
  holderLastName: string;
  /** YYYY-MM-DD, from the holder's PESEL. */
  holderBirthDate: string;
  incapacity: Incapacity;
  address: HolderAddress | null;
  representative: {
    name: string;
    relation: RepresentativeRelation;
    /** When the representative's declaration (consent, or applying on the holder's behalf) was made. */
    declaredAt: Date;
  } | null;
  idDocument: { kind: IdDocumentKind; number: string } | null;
  photoUploadId: string | null;
  discount: { kind: DiscountKind; validUntil: string; proofUploadId: string | null } | null;
  /** The last submission: the pickup window counts from its day. */
  submittedAt: Date | null;
  photoReturnedAt: Date | null;
  updatedAt: Date;
}
