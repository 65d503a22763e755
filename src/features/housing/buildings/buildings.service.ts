// A tenant's buildings for its staff (issue #21): the list with each building's premises count,
// a building's page with its premises, and a manager's new building and corrected address,
// each audited in its transaction. One address is one building: a second with the same street,
// number and city is refused (the table's unique key decides, so two managers at once cannot
// both add it).
import type { Knex } from 'knex';
import { recordAudit, type AuditChanges } from '../../../platform/audit/record.ts';
import { violatedUniqueIndex } from '../../../platform/db/unique-violation.ts';
import { withTenant } from '../../../platform/tenancy/tenant-transaction.ts';
import type { StaffContext } from '../../staff/index.ts';
import type { Building, Premises } from '../housing.types.ts';
import {
  buildingById,
  buildingsWithPremisesCount,
  insertBuilding,
  premisesOfBuilding,
  updateBuilding,
} from '../premises.repo.ts';

export interface BuildingsDeps {
  db: Knex;
}

export type Address = Omit<Building, 'id'>;

/** The buildings table's one address a building (migration 20261213000100). */
const SAME_ADDRESS = 'buildings_tenant_id_street_house_number_city_key';

export function listBuildings(
  deps: BuildingsDeps,
  context: StaffContext,
): Promise<(Building & { premisesCount: number })[]> {
  return withTenant(deps.db, context.tenant.id, (trx) => buildingsWithPremisesCount(trx));
}

export function buildingWithPremises(
  deps: BuildingsDeps,
  context: StaffContext,
  buildingId: string,
): Promise<(Building & { premises: Premises[] }) | undefined> {
  return withTenant(deps.db, context.tenant.id, async (trx) => {
    const building = await buildingById(trx, buildingId);
    return building ? { ...building, premises: await premisesOfBuilding(trx, buildingId) } : undefined;
  });
}

export function findBuilding(deps: BuildingsDeps, context: StaffContext, buildingId: string) {
  return withTenant(deps.db, context.tenant.id, (trx) => buildingById(trx, buildingId));
}

/** Runs a change; an address another building has makes it 'sameAddress', nothing written. */
async function unlessSameAddress<T>(change: () => Promise<T>): Promise<T | { kind: 'sameAddress' }> {
  try {
    return await change();
  } catch (error) {
    if (violatedUniqueIndex(error) === SAME_ADDRESS) return { kind: 'sameAddress' };
    throw error;
  }
}

export type NewBuildingOutcome = { kind: 'created'; buildingId: string } | { kind: 'sameAddress' };

export function createBuilding(
  deps: BuildingsDeps,
  context: StaffContext,
  address: Address,
): Promise<NewBuildingOutcome> {
  return unlessSameAddress(() =>
    withTenant(deps.db, context.tenant.id, async (trx) => {
      const buildingId = await insertBuilding(trx, address);
      await recordAudit(trx, context, {
        action: 'housing.building_created',
        subject: { kind: 'building', id: buildingId },
        changes: addressChanges(undefined, address),
      });
      return { kind: 'created' as const, buildingId };
    }),
  );
}

export type BuildingChangeOutcome =
  { kind: 'changed' } | { kind: 'unchanged' } | { kind: 'notFound' } | { kind: 'sameAddress' };

export function changeBuilding(
  deps: BuildingsDeps,
  context: StaffContext,
  input: { buildingId: string; address: Address },
): Promise<BuildingChangeOutcome> {
  return unlessSameAddress(() =>
    withTenant(deps.db, context.tenant.id, async (trx): Promise<BuildingChangeOutcome> => {
      const before = await buildingById(trx, input.buildingId);
      if (!before) return { kind: 'notFound' };
      const changes = addressChanges(before, input.address);
      if (Object.keys(changes).length === 0) return { kind: 'unchanged' };
      await updateBuilding(trx, input.buildingId, input.address);
      await recordAudit(trx, context, {
        action: 'housing.building_changed',
        subject: { kind: 'building', id: input.buildingId },
        changes,
      });
      return { kind: 'changed' };
    }),
  );
}

/** Each address field that differs, before and after. */
function addressChanges(before: Address | undefined, after: Address): AuditChanges {
  const changes: Record<string, [string | null, string]> = {};
  for (const key of ['street', 'houseNumber', 'postalCode', 'city'] as const) {
    if (before?.[key] !== after[key]) changes[key] = [before?.[key] ?? null, after[key]];
  }
  return changes;
}
