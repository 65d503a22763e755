// Which card types a tenant offers now: those whose workflow's module the tenant has turned on
// (a type of a module turned off is kept, with its cards, but not shown or applied for).
import type { Knex } from 'knex';
import type { Tenant } from '../../platform/tenancy/tenant.ts';
import { cardTypeByCode, cardTypeById, cardTypesOf } from './card-types.repo.ts';
import type { CardType } from './cards.types.ts';
import { WORKFLOW_MODULES } from './workflow.ts';

export const offers = (tenant: Pick<Tenant, 'modules'>, type: CardType): boolean =>
  tenant.modules.includes(WORKFLOW_MODULES[type.workflow]);

export async function offeredTypes(trx: Knex.Transaction, tenant: Pick<Tenant, 'modules'>): Promise<CardType[]> {
  return (await cardTypesOf(trx)).filter((type) => offers(tenant, type));
}

export async function offeredType(
  trx: Knex.Transaction,
  tenant: Pick<Tenant, 'modules'>,
  code: string,
): Promise<CardType | undefined> {
  const type = await cardTypeByCode(trx, code);
  return type && offers(tenant, type) ? type : undefined;
}

export async function typeOfCard(
  trx: Knex.Transaction,
  tenant: Pick<Tenant, 'modules'>,
  cardTypeId: string,
): Promise<CardType | undefined> {
  const type = await cardTypeById(trx, cardTypeId);
  return type && offers(tenant, type) ? type : undefined;
}
