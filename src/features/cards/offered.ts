// Which card types a tenant offers now: those whose workflow's module the tenant has turned on
// (a type of a module turned off is kept, with its cards, but not shown or applied for).
import type { Knex } from 'knex';
import type { Tenant } from '../../platform/tenancy/tenant.ts';
import { cardTypeByCode, cardTypeById, cardTypesOf } from './card-types.repo.ts';
import type { CardType } from './cards.types.ts';
import { WORKFLOW_MODULES, WORKFLOW_NAMES, type WorkflowName } from './workflow.ts';

export const offers = (tenant: Pick<Tenant, 'modules'>, type: Pick<CardType, 'workflow'>): boolean =>
  tenant.modules.includes(WORKFLOW_MODULES[type.workflow]);

/** The workflows of the tenant's card modules, for a new card type: the Client Card's at a tenant with none. */
export function workflowsOffered(tenant: Pick<Tenant, 'modules'>): WorkflowName[] {
  const offered = WORKFLOW_NAMES.filter((workflow) => offers(tenant, { workflow }));
  return offered.length > 0 ? offered : ['client_card'];
}

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
