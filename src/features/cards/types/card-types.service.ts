// The card types a tenant issues, as its managers configure them (issue #22): the list, a new
// type (its kind, code, name, activation fee and number format: a prefix, the length and the
// check digit's scheme, Luhn's or Damm's), and the name and fee of one in use. Each change is
// audited in its transaction. A type's kind is the workflow of one of the tenant's card modules
// (the Client Card's, the city card's of issue #23); a free kind's fee is always 0.
import { recordAudit } from '../../../platform/audit/record.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import { mayAct, type StaffContext } from '../../staff/index.ts';
import { cardTypeById, cardTypesOf, insertCardType, updateCardType } from '../card-types.repo.ts';
import type { CardsDeps } from '../cards.deps.ts';
import type { CardType } from '../cards.types.ts';
import { workflowsOffered } from '../offered.ts';
import { WORKFLOW_TRAITS } from '../workflow.ts';

type Deps = Pick<CardsDeps, 'db'>;

export function cardTypes(deps: Deps, context: StaffContext): Promise<CardType[] | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) =>
    (await mayAct(trx, context, 'cards.configure')) ? cardTypesOf(trx) : undefined,
  );
}

export function cardType(deps: Deps, context: StaffContext, id: string): Promise<CardType | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) =>
    (await mayAct(trx, context, 'cards.configure')) ? cardTypeById(trx, id) : undefined,
  );
}

export type NewTypeOutcome =
  | { kind: 'created'; id: string }
  /** The code or the prefix is another type's. */
  | { kind: 'taken'; field: 'code' | 'numberPrefix' }
  | { kind: 'refused' };

export function createCardType(
  deps: Deps,
  context: StaffContext,
  input: Omit<CardType, 'id'>,
): Promise<NewTypeOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<NewTypeOutcome> => {
    if (!(await mayAct(trx, context, 'cards.configure'))) return { kind: 'refused' };
    if (!workflowsOffered(context.tenant).includes(input.workflow)) return { kind: 'refused' };
    const existing = await cardTypesOf(trx);
    if (existing.some((type) => type.code === input.code)) return { kind: 'taken', field: 'code' };
    // A prefix that begins another's (or another's that begins it) would let two types' numbers meet.
    const overlaps = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);
    if (existing.some((type) => overlaps(type.numberPrefix, input.numberPrefix))) {
      return { kind: 'taken', field: 'numberPrefix' };
    }
    const activationFee = WORKFLOW_TRAITS[input.workflow].free ? 0 : input.activationFee;
    const id = await insertCardType(trx, { ...input, activationFee });
    if (!id) return { kind: 'taken', field: 'code' };
    await recordAudit(trx, context, {
      action: 'cards.type_created',
      subject: { kind: 'card_type', id },
      changes: {
        workflow: [null, input.workflow],
        code: [null, input.code],
        name: [null, input.name],
        activationFee: [null, activationFee],
        numberPrefix: [null, input.numberPrefix],
        numberLength: [null, input.numberLength],
        checkDigit: [null, input.checkDigit],
      },
    });
    return { kind: 'created', id };
  });
}

export type ChangeOutcome = { kind: 'saved' } | { kind: 'notFound' };

export function changeCardType(
  deps: Deps,
  context: StaffContext,
  input: { id: string; name: string; activationFee: number },
): Promise<ChangeOutcome> {
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<ChangeOutcome> => {
    if (!(await mayAct(trx, context, 'cards.configure'))) return { kind: 'notFound' };
    const before = await cardTypeById(trx, input.id);
    if (!before) return { kind: 'notFound' };
    const activationFee = WORKFLOW_TRAITS[before.workflow].free ? 0 : input.activationFee;
    if (!(await updateCardType(trx, input.id, { name: input.name, activationFee }))) return { kind: 'notFound' };
    await recordAudit(trx, context, {
      action: 'cards.type_changed',
      subject: { kind: 'card_type', id: input.id },
      changes: { name: [before.name, input.name], activationFee: [before.activationFee, activationFee] },
    });
    return { kind: 'saved' };
  });
}
