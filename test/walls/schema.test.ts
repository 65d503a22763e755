// Wall 3, the schema: every table is global by decision or carries all the tenant walls.
// The self-checks create bad relations as the owner in a transaction that is rolled back
// and show that the checker names each one, so a passing run means something.
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { protectTenantTable } from '../../src/platform/db/schema-helpers.ts';
import { distributeSchema, hasCitus } from '../../src/platform/db/citus.ts';
import { useTestDatabase } from '../support/database.ts';
import { findTenancyProblems, GLOBAL_TABLES, inspectTenancy, type TenancyProblem } from './tenancy-schema.ts';

const db = useTestDatabase();

/** Runs DDL as the owner, inspects the schema as that transaction sees it, and rolls everything back. */
async function problemsAfter(
  change: (trx: Knex.Transaction) => Promise<unknown>,
  globalTables?: ReadonlySet<string>,
): Promise<TenancyProblem[]> {
  const trx = await db.current.owner.transaction();
  try {
    await change(trx);
    return await findTenancyProblems(trx, globalTables);
  } finally {
    await trx.rollback();
  }
}

const problemsOf = (relation: string, problems: TenancyProblem[]) =>
  problems.filter((problem) => problem.relation === relation).map((problem) => problem.problem);

/** A tenant table built the way migrations should build one. */
async function createGoodTenantTable(trx: Knex.Transaction, name: string, extraColumns = ''): Promise<void> {
  await trx.raw(`
    CREATE TABLE ${name} (
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      note text NOT NULL${extraColumns},
      PRIMARY KEY (tenant_id, id)
    )`);
  await protectTenantTable(trx, name);
}

describe('the schema as migrated', () => {
  it('has no table that is neither global nor fully walled off by tenant', async () => {
    const report = await inspectTenancy(db.current.owner);
    expect(report.problems).toEqual([]);
    expect([...report.globalTables].sort()).toEqual([...GLOBAL_TABLES].sort());
    // The checker must actually have looked at the tenant tables.
    expect(report.tenantTables).toEqual(expect.arrayContaining(['service_points', 'opening_hours']));
  });
});

describe('the schema checker (self-check)', () => {
  it('accepts a tenant table built with the migration helpers', async () => {
    expect(await problemsAfter((trx) => createGoodTenantTable(trx, 'wall_good'))).toEqual([]);
  });

  it('flags a new table that is neither tenant-owned nor on the allow-list', async () => {
    const problems = await problemsAfter((trx) => trx.raw('CREATE TABLE wall_rogue (id uuid PRIMARY KEY, body text)'));
    expect(problemsOf('wall_rogue', problems)).toEqual(['neither a global table nor has a tenant_id column']);
  });

  it('flags a global table once it is taken off the allow-list', async () => {
    const withoutTenants = new Set([...GLOBAL_TABLES].filter((name) => name !== 'tenants'));
    const problems = await problemsAfter(async () => undefined, withoutTenants);
    expect(problemsOf('tenants', problems)).toEqual(['neither a global table nor has a tenant_id column']);
  });

  it('flags a tenant table without row-level security', async () => {
    const problems = await problemsAfter((trx) =>
      trx.raw('CREATE TABLE wall_open (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id))'),
    );
    expect(problemsOf('wall_open', problems)).toEqual([
      'row-level security is not enabled',
      'row-level security is not forced',
      'has no row-level security policy',
    ]);
  });

  it('flags row-level security that is enabled but not forced (the owner would bypass it)', async () => {
    const problems = await problemsAfter(async (trx) => {
      await createGoodTenantTable(trx, 'wall_unforced');
      await trx.raw('ALTER TABLE wall_unforced NO FORCE ROW LEVEL SECURITY');
    });
    expect(problemsOf('wall_unforced', problems)).toEqual(['row-level security is not forced']);
  });

  it('flags a nullable tenant_id and a primary key without it', async () => {
    const problems = await problemsAfter((trx) =>
      trx.raw(`
        CREATE TABLE wall_loose (tenant_id uuid, id uuid PRIMARY KEY);
        ALTER TABLE wall_loose ENABLE ROW LEVEL SECURITY;
        ALTER TABLE wall_loose FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON wall_loose USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)`),
    );
    expect(problemsOf('wall_loose', problems)).toEqual([
      'tenant_id is nullable',
      'primary key does not include tenant_id',
      'unique index wall_loose_pkey does not include tenant_id',
    ]);
  });

  it('flags a unique constraint that would reveal other tenants’ values', async () => {
    const problems = await problemsAfter((trx) =>
      createGoodTenantTable(trx, 'wall_people', ',\n email text NOT NULL CONSTRAINT wall_people_email UNIQUE'),
    );
    expect(problemsOf('wall_people', problems)).toEqual(['unique index wall_people_email does not include tenant_id']);
  });

  it('flags a permissive policy that lets the app role see every tenant', async () => {
    const problems = await problemsAfter(async (trx) => {
      await createGoodTenantTable(trx, 'wall_leaky');
      await trx.raw('CREATE POLICY everyone ON wall_leaky FOR SELECT USING (true)');
    });
    expect(problemsOf('wall_leaky', problems)).toEqual([
      'policy everyone lets the app role past the tenant filter: true',
    ]);
  });

  it('flags a foreign key to a tenant table without tenant_id', async () => {
    const problems = await problemsAfter(async (trx) => {
      await createGoodTenantTable(trx, 'wall_parent', ',\n CONSTRAINT wall_parent_id UNIQUE (id)');
      await createGoodTenantTable(trx, 'wall_child', ',\n parent_id uuid NOT NULL');
      await trx.raw(
        'ALTER TABLE wall_child ADD CONSTRAINT wall_child_parent FOREIGN KEY (parent_id) REFERENCES wall_parent (id)',
      );
    });
    expect(problemsOf('wall_child', problems)).toEqual([
      'foreign key wall_child_parent to wall_parent does not pair tenant_id with tenant_id',
    ]);
  });

  it('flags a composite foreign key whose tenant_id points at another column', async () => {
    const crossedKey = `
        ALTER TABLE wall_crossed ADD CONSTRAINT wall_crossed_desk
          FOREIGN KEY (tenant_id, service_point_id) REFERENCES service_points (id, tenant_id)`;
    if (await hasCitus(db.current.owner)) {
      // Citus will not make such a key between distributed tables at all.
      const refused = problemsAfter(async (trx) => {
        await createGoodTenantTable(trx, 'wall_crossed', ',\n service_point_id uuid NOT NULL');
        await distributeSchema(trx);
        await trx.raw(crossedKey);
      });
      await expect(refused).rejects.toThrow(/foreign key|distribution column|partition column/i);
      return;
    }
    const problems = await problemsAfter(async (trx) => {
      await createGoodTenantTable(trx, 'wall_crossed', ',\n service_point_id uuid NOT NULL');
      // Both lists contain tenant_id, but tenant_id is matched against service_points.id.
      await trx.raw(crossedKey);
    });
    expect(problemsOf('wall_crossed', problems)).toEqual([
      'foreign key wall_crossed_desk to service_points does not pair tenant_id with tenant_id',
    ]);
  });

  it('flags a trigger that sends a notice, and not one that only refuses', async () => {
    const problems = await problemsAfter(async (trx) => {
      await createGoodTenantTable(trx, 'wall_noisy');
      await trx.raw(`CREATE FUNCTION wall_announce() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('wall', ''); RETURN NULL; END $$`);
      await trx.raw('CREATE TRIGGER wall_noisy_changed AFTER INSERT ON wall_noisy EXECUTE FUNCTION wall_announce()');
      await trx.raw(`CREATE FUNCTION wall_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused'; END $$`);
      await trx.raw('CREATE TRIGGER wall_noisy_refused BEFORE DELETE ON wall_noisy EXECUTE FUNCTION wall_refuse()');
    });
    expect(problemsOf('wall_noisy', problems)).toEqual([
      'trigger wall_noisy_changed sends a notice, which Citus would send from a worker',
    ]);
  });

  it('flags views that run with their owner’s rights and materialized views', async () => {
    const problems = await problemsAfter(async (trx) => {
      await trx.raw('CREATE VIEW wall_definer_view AS SELECT * FROM service_points');
      await trx.raw('CREATE VIEW wall_invoker_view WITH (security_invoker = true) AS SELECT * FROM service_points');
      await trx.raw('CREATE MATERIALIZED VIEW wall_snapshot AS SELECT * FROM service_points');
    });
    expect(problems).toEqual([
      { relation: 'wall_definer_view', problem: 'view is not security_invoker' },
      { relation: 'wall_snapshot', problem: 'row-level security cannot protect this relation kind' },
    ]);
  });
});
