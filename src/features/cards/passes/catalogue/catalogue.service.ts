// The pass catalogue as a tenant's managers keep it (issue #22; the policy's cards.configure, as
// for the card types): the list with each type's card type, a new pass type, and the terms of
// one already sold. Its code, days and entries stay as created, since the passes sold count by
// them; the rest may change, each change audited in its transaction with the fields it changed.
import { recordAudit } from '../../../../platform/audit/record.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import { mayAct, type StaffContext } from '../../../staff/index.ts';
import { cardTypeById, cardTypesOf } from '../../card-types.repo.ts';
import type { CardsDeps } from '../../cards.deps.ts';
import type { CardType } from '../../cards.types.ts';
import { insertPassType, passTypeByCode, passTypeById, passTypesOf, updatePassType } from '../pass-types.repo.ts';
import type { PassType } from '../passes.types.ts';
import type { NewPassTypeForm, PassTypeTermsForm } from './catalogue.form.ts';

type Deps = Pick<CardsDeps, 'db'>;

/** A pass type with the card type whose cards carry it (its currency the price's). */
export interface CataloguedPassType extends PassType {
  cardType: CardType;
}

export interface Catalogue {
  passTypes: CataloguedPassType[];
  /** What a new pass type may be sold for. */
  cardTypes: CardType[];
}

/** The tenant's catalogue, by name; undefined for whoever may not configure it. */
export function passCatalogue(deps: Deps, context: StaffContext): Promise<Catalogue | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    if (!(await mayAct(trx, context, 'cards.configure'))) return undefined;
    const cardTypes = await cardTypesOf(trx);
    const byId = new Map(cardTypes.map((cardType) => [cardType.id, cardType]));
    const passTypes = (await passTypesOf(trx)).map((passType) => ({
      ...passType,
      cardType: byId.get(passType.cardTypeId)!,
    }));
    return { passTypes, cardTypes };
  });
}

/** One pass type of the tenant's; undefined when there is none so here (or for whoever may not see it). */
export function cataloguedPassType(
  deps: Deps,
  context: StaffContext,
  id: string,
): Promise<CataloguedPassType | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    if (!(await mayAct(trx, context, 'cards.configure'))) return undefined;
    const passType = await passTypeById(trx, id);
    const cardType = passType && (await cardTypeById(trx, passType.cardTypeId));
    return passType && cardType ? { ...passType, cardType } : undefined;
  });
}

export type NewPassTypeOutcome =
  | { kind: 'added'; id: string }
  /** Its code is another pass type's. */
  | { kind: 'taken' }
  /** The card type chosen is none of the tenant's. */
  | { kind: 'noCardType' }
  | { kind: 'refused' };

export function addPassType(deps: Deps, context: StaffContext, input: NewPassTypeForm): Promise<NewPassTypeOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<NewPassTypeOutcome> => {
    if (!(await mayAct(trx, context, 'cards.configure'))) return { kind: 'refused' };
    if (!(await cardTypeById(trx, input.cardType))) return { kind: 'noCardType' };
    if (await passTypeByCode(trx, input.code)) return { kind: 'taken' };
    const { cardType: cardTypeId, ...terms } = input;
    const added = { ...terms, cardTypeId, onSale: true };
    const id = await insertPassType(trx, added);
    if (!id) return { kind: 'taken' };
    await recordAudit(trx, context, {
      action: 'cards.pass_type_added',
      subject: { kind: 'pass_type', id },
      changes: Object.fromEntries(Object.entries(added).map(([field, value]) => [field, [null, value]])),
    });
    return { kind: 'added', id };
  });
}

export type TermsOutcome = { kind: 'saved' } | { kind: 'unchanged' } | { kind: 'notFound' };

const TERMS = ['name', 'facility', 'price', 'reducedPrice', 'reducedFor', 'reducedLeft', 'onSale'] as const;

/**
 * The type's terms as the manager typed them. The number of reduced-price passes left is written
 * only when it was typed other than the page showed it (or the reduced price goes): left as shown,
 * it keeps what sales have taken since the page was opened.
 */
export function changePassTypeTerms(
  deps: Deps,
  context: StaffContext,
  input: { id: string } & PassTypeTermsForm,
): Promise<TermsOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<TermsOutcome> => {
    if (!(await mayAct(trx, context, 'cards.configure'))) return { kind: 'notFound' };
    const before = await passTypeById(trx, input.id);
    if (!before) return { kind: 'notFound' };
    const { id, reducedLeftShown, ...terms } = input;
    const keepLeft =
      terms.reducedPrice !== null && before.reducedPrice !== null && terms.reducedLeft === reducedLeftShown;
    const changes: Record<string, [unknown, unknown]> = {};
    for (const field of TERMS) {
      if (field === 'reducedLeft' && keepLeft) continue;
      if (before[field] !== terms[field]) changes[field] = [before[field], terms[field]];
    }
    if (Object.keys(changes).length === 0) return { kind: 'unchanged' };
    const written = keepLeft ? { ...terms, reducedLeft: undefined } : terms;
    if (!(await updatePassType(trx, id, written))) return { kind: 'notFound' };
    await recordAudit(trx, context, { action: 'cards.pass_type_changed', subject: { kind: 'pass_type', id }, changes });
    return { kind: 'saved' };
  });
}
