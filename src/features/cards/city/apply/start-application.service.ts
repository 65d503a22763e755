// A new city card application (issue #23), step 1: who the card is for. The holder's birth date
// is read from their PESEL, and the day of application (the tenant's today) decides who applies
// (src/lib/legal-capacity.ts): a child under 4 needs no card, so nothing is stored and the form
// says so; a birth date after today is a mistyped PESEL. Otherwise the card's draft with its
// holder (the PESEL sealed to it) and its application under a fresh reference are made in one
// transaction, audited. A holder has one card of a type in play, whoever applied for it
// (cards_one_open_holder): a second application finds the first, which is named only to those
// who may see it (the account that applied, or staff), never to another account. The same
// service serves the client online and the clerk entering a paper form for a client.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { applicationRoute, type Incapacity } from '../../../../lib/legal-capacity.ts';
import { toIsoDate, type Pesel } from '../../../../lib/pesel.ts';
import { recordAudit } from '../../../../platform/audit/record.ts';
import type { ServiceContext } from '../../../../platform/service-context.ts';
import type { Tenant } from '../../../../platform/tenancy/tenant.ts';
import { withTenant } from '../../../../platform/tenancy/tenant-transaction.ts';
import { isClient } from '../../../accounts/index.ts';
import { cardTypeByCode, cardTypeById } from '../../card-types.repo.ts';
import { insertHolderDraft, openCardOfHolder } from '../../cards.repo.ts';
import type { CardType } from '../../cards.types.ts';
import { offeredTypes, offers } from '../../offered.ts';
import { WORKFLOW_TRAITS } from '../../workflow.ts';
import { insertApplication } from '../city-card-applications.repo.ts';
import { sealHolder } from '../holder-pesel.ts';
import { applicationDay, mayApplyFor, type CityApplyDeps } from './application-access.ts';

/** A card type the tenant offers whose cards name their holder (the city card), by its code or id. */
export async function cityCardType(
  trx: Knex.Transaction,
  tenant: Pick<Tenant, 'modules'>,
  by: { code: string } | { id: string },
): Promise<CardType | undefined> {
  const type = 'code' in by ? await cardTypeByCode(trx, by.code) : await cardTypeById(trx, by.id);
  return type && offers(tenant, type) && WORKFLOW_TRAITS[type.workflow].namesHolder ? type : undefined;
}

/** The card types the tenant offers whose cards name their holder (the city card's). */
export async function cityCardTypes(trx: Knex.Transaction, tenant: Pick<Tenant, 'modules'>): Promise<CardType[]> {
  return (await offeredTypes(trx, tenant)).filter((type) => WORKFLOW_TRAITS[type.workflow].namesHolder);
}

export interface NewHolder {
  firstName: string;
  lastName: string;
  pesel: Pesel;
  incapacity: Incapacity;
}

export type StartOutcome =
  | { kind: 'started'; cardId: string }
  /** Under 4 on the day: no card is needed (nothing stored). */
  | { kind: 'noCardNeeded' }
  /** Born after the day: the PESEL was mistyped. */
  | { kind: 'notBornYet' }
  /** The holder has a card of the type in play; its id only for one who may see it. */
  | { kind: 'holderHasCard'; cardId?: string }
  | { kind: 'notFound' };

/** The card type by its code (online) or id (the counter), for the client, and the holder as typed. */
export async function startApplication(
  deps: CityApplyDeps,
  context: ServiceContext,
  input: { clientId: string; cardType: { code: string } | { id: string }; holder: NewHolder },
): Promise<StartOutcome> {
  const { holder, clientId } = input;
  const route = applicationRoute({
    holder: holder.pesel,
    on: applicationDay(deps, context),
    incapacity: holder.incapacity,
  });
  if (route.kind === 'noCardNeeded' || route.kind === 'notBornYet') return { kind: route.kind };
  if (context.actor.kind === 'staff' && !(await isClient(deps, context, clientId))) return { kind: 'notFound' };
  return withTenant(deps.db, context.tenant.id, async (trx): Promise<StartOutcome> => {
    const type = await cityCardType(trx, context.tenant, input.cardType);
    if (!type || !(await mayApplyFor(trx, context, clientId))) return { kind: 'notFound' };
    const now = deps.clock.now();
    const cardId = randomUUID();
    const sealed = sealHolder(deps.nationalIds, context.tenant.id, cardId, holder.pesel.value);
    if (!(await insertHolderDraft(trx, { id: cardId, cardTypeId: type.id, clientId, holder: sealed, now }))) {
      const held = await openCardOfHolder(trx, type.id, sealed.index);
      const shown = held && (context.actor.kind === 'staff' || held.clientId === clientId);
      return shown ? { kind: 'holderHasCard', cardId: held.id } : { kind: 'holderHasCard' };
    }
    const details = {
      firstName: holder.firstName,
      lastName: holder.lastName,
      birthDate: toIsoDate(holder.pesel.birthDate),
      incapacity: holder.incapacity,
    };
    const reference = await insertApplication(trx, { cardId, holder: details, now });
    await recordAudit(trx, context, {
      action: 'cards.application_started',
      subject: { kind: 'card', id: cardId },
      changes: {
        reference: [null, reference],
        holder: [null, `${holder.firstName} ${holder.lastName}`],
        incapacity: [null, holder.incapacity],
      },
    });
    return { kind: 'started', cardId };
  });
}
