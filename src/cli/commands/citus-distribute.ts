// citus:distribute: distributes on Citus what is not distributed yet, for a database converted
// in place (docs/scaling.md, Moving an existing database). The migrations do the same for a new
// installation; this runs it once for the tables and functions they made before the extension.
import { citusProblems, distributeSchema, hasCitus } from '../../platform/db/citus.ts';
import { defineCommand } from './command.ts';
import { withOwnerDatabase } from './owner-database.ts';

export const citusDistribute = defineCommand({
  name: 'citus:distribute',
  summary: 'Distribute the tables and functions on a Citus cluster (after converting a database in place)',
  details: [
    'Runs in one transaction: a failure leaves every table as it was. Tables already distributed are left alone.',
    'Needs the citus extension in the database and the workers added (docs/scaling.md).',
  ],
  options: {},
  examples: ['npm run okienko -- citus:distribute'],

  async run({ io, print }) {
    await withOwnerDatabase(io, async (owner) => {
      if (!(await hasCitus(owner))) {
        throw new Error('The citus extension is not installed in this database (docs/scaling.md).');
      }
      await owner.transaction((trx) => distributeSchema(trx));
      const problems = await citusProblems(owner);
      if (problems.length > 0) throw new Error(`Still not ready: ${problems.join('; ')}`);
      print('Every table is distributed or a reference table; the portal can start on this cluster.');
    });
  },
});
