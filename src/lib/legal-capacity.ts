// Who applies for a city transport e-card (issue #23), from the holder's age on the day of
// application and any incapacitation: the form asks for the right person's data and declaration
// (a representative's, a consent) or stops at once for a child who needs no card.
//
// The age is ageOn() of pesel.ts, the one reading of the Civil Code in the portal. Art. 112:
// "a term in years ends with the end of the day whose date corresponds to the term's first day,
// or, when that month has no such day, with its last day; but when the age of a natural person
// is computed, the term ends with the beginning of the last day". So a person is a year older
// from the first moment of their birthday, the term having ended at the end of the day before;
// someone born on 29 February has no such day in a common year, so their term ends on the last
// day of February and they are a year older from the start of 28 February (born 2008-02-29:
// 17 on 2026-02-27, 18 on 2026-02-28). The application day is a calendar day of the tenant's
// time zone (calendarDateIn), as for every age check.
//
// Capacity for legal acts (Civil Code arts. 11–17), the e-card's rules written in its terms:
// - none: under 13 (art. 12), or fully incapacitated (ubezwłasnowolniony całkowicie; art. 13,
//   possible from the age of 13). The legal representative acts on their behalf: for a minor the
//   parents or a minor's guardian ("legalRepresentative"), for a fully incapacitated adult the
//   guardian (opiekun, art. 13 § 2: "guardian");
// - limited: aged 13–17 (art. 15), or partially incapacitated (ubezwłasnowolniony częściowo;
//   art. 16). They apply themselves with a consent: a minor's legal representative's, or the
//   curator's (kurator, art. 16 § 2) for an adult;
// - full: an adult not incapacitated (art. 11) applies alone.
// Partial incapacitation is for adults only (art. 16 § 1); a minor marked so still applies with
// the legal representative's consent, as minors of 13–17 do anyway. A child under 4 needs no card
// (issue #23: the form says so and stops), so no one applies, incapacitated or not.
// Not modelled: a minor who married and so came of age (art. 10 § 2); the clerk's paper form
// covers that rare case.
import { ageOn, type CalendarDate } from './pesel.ts';

export type Incapacity = 'none' | 'partial' | 'full';
export type LegalCapacity = 'none' | 'limited' | 'full';

/** Below this age (in completed years) no card is needed. */
export const E_CARD_MINIMUM_AGE = 4;
/** Limited capacity from this age (art. 15). */
export const LIMITED_CAPACITY_AGE = 13;
/** Full capacity from this age, the age of majority (art. 10). */
export const MAJORITY_AGE = 18;

export type ApplicationRoute =
  /** The birth date is after the application day: a mistyped PESEL or date, not a person yet. */
  | { kind: 'notBornYet' }
  | { kind: 'noCardNeeded' }
  | { kind: 'self' }
  | { kind: 'withConsent'; of: 'legalRepresentative' | 'curator' }
  | { kind: 'onBehalf'; by: 'legalRepresentative' | 'guardian' };

export interface ApplicationQuestion {
  /** The card's holder: a parsed Pesel, or a birth date for someone who has none. */
  holder: { readonly birthDate: CalendarDate | string };
  /** The day of application (YYYY-MM-DD or a CalendarDate) in the tenant's time zone. */
  on: CalendarDate | string;
  incapacity: Incapacity;
}

/** Capacity for legal acts at an age in completed years (see the file comment). */
export function legalCapacity(age: number, incapacity: Incapacity): LegalCapacity {
  if (incapacity === 'full' || age < LIMITED_CAPACITY_AGE) return 'none';
  if (incapacity === 'partial' || age < MAJORITY_AGE) return 'limited';
  return 'full';
}

/** Who applies for the holder's e-card, and with whose consent or on whose behalf. */
export function applicationRoute(question: ApplicationQuestion): ApplicationRoute {
  const age = ageOn(question.holder.birthDate, question.on);
  if (age < 0) return { kind: 'notBornYet' };
  if (age < E_CARD_MINIMUM_AGE) return { kind: 'noCardNeeded' };
  const adult = age >= MAJORITY_AGE;
  switch (legalCapacity(age, question.incapacity)) {
    case 'none':
      return { kind: 'onBehalf', by: adult ? 'guardian' : 'legalRepresentative' };
    case 'limited':
      return { kind: 'withConsent', of: adult ? 'curator' : 'legalRepresentative' };
    case 'full':
      return { kind: 'self' };
  }
}
