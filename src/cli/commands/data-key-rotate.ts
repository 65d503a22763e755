// data-key:rotate: re-seal every sealed value under the current DATA_KEY. The procedure
// (docs/operations.md): set DATA_KEY to the new key and DATA_KEY_PREVIOUS to the old one,
// restart every process, run this, then drop DATA_KEY_PREVIOUS.
import type { Knex } from 'knex';
import { SEALED_COLUMNS } from '../../features/index.ts';
import { withTenant, tenantRows } from '../../platform/tenancy/tenant-transaction.ts';
import { createSealedBox, SealedBoxError, type SealedBox } from '../../platform/crypto/sealed-box.ts';
import { CliError, defineCommand } from './command.ts';
import { withOwnerDatabase } from './owner-database.ts';
import { tenantsToVisit } from './tenant-ids.ts';

const BATCH = 500;

interface PassResult {
  resealed: number;
  /** Values under an older key left as they were (a checking pass only counts). */
  stale: number;
  unreadable: string[];
}

/** One pass over every sealed column of every tenant; re-seals stale values unless only checking. */
async function pass(
  owner: Knex,
  box: SealedBox,
  dataKey: Buffer,
  { reseal }: { reseal: boolean },
): Promise<PassResult> {
  const result: PassResult = { resealed: 0, stale: 0, unreadable: [] };
  for (const tenant of await tenantsToVisit(owner, undefined)) {
    for (const { table, column, keys, contextColumns, context, derived } of SEALED_COLUMNS) {
      const [orderKey] = keys as [string];
      const columns = [...new Set(['tenant_id', ...keys, ...contextColumns, column])];
      // Keyset pages, each in its own transaction, so a large table never holds one long lock.
      let after: string | undefined;
      for (;;) {
        const page = await withTenant(owner, tenant.id, async (trx) => {
          const rows: Record<string, unknown>[] = await tenantRows(trx, table)
            .whereNotNull(column)
            .modify((query) => {
              if (after !== undefined) query.where(orderKey, '>', after);
            })
            .orderBy(orderKey)
            .limit(BATCH)
            .forUpdate()
            .select(columns);
          for (const row of rows) {
            const sealed = row[column] as Buffer;
            if (!box.isStale(sealed)) continue;
            if (!reseal) {
              result.stale += 1;
              continue;
            }
            try {
              const plain = box.open(sealed, context(row));
              const where = Object.fromEntries(keys.map((key) => [key, row[key]]));
              await tenantRows(trx, table)
                .where(where)
                .update({ [column]: box.seal(plain, context(row)), ...derived?.(plain, row, dataKey) });
              result.resealed += 1;
            } catch (error) {
              if (!(error instanceof SealedBoxError)) throw error;
              result.unreadable.push(`${tenant.slug} ${table}.${column} ${String(row[orderKey])}: ${error.message}`);
            }
          }
          return rows;
        });
        if (page.length < BATCH) break;
        after = String(page.at(-1)![orderKey]);
      }
    }
  }
  return result;
}

export const dataKeyRotate = defineCommand({
  name: 'data-key:rotate',
  summary: 'Re-encrypt everything sealed under DATA_KEY_PREVIOUS with DATA_KEY',
  details: [
    'Run with DATA_KEY set to the new key and DATA_KEY_PREVIOUS to the old one, after every',
    'portal and worker process runs with both. Values already under the new key are left alone,',
    'so running it again is harmless. It ends by checking that nothing is left under an older key;',
    'a value that opens under neither key is reported and the command fails, changing nothing of it.',
  ],
  options: {},
  examples: ['DATA_KEY=<new> DATA_KEY_PREVIOUS=<old> npm run okienko -- data-key:rotate'],

  async run({ io, print }) {
    await withOwnerDatabase(io, async (owner, config) => {
      const box = createSealedBox(config.dataKey, config.previousDataKeys);
      const done = await pass(owner, box, config.dataKey, { reseal: true });
      print(`Re-encrypted ${done.resealed} values under the current DATA_KEY.`);
      if (done.unreadable.length > 0) {
        throw new CliError(
          `${done.unreadable.length} values open under neither DATA_KEY nor DATA_KEY_PREVIOUS:\n  ${done.unreadable.join('\n  ')}`,
        );
      }
      // A process still running with the old DATA_KEY may have sealed more behind the pass.
      const left = await pass(owner, box, config.dataKey, { reseal: false });
      if (left.stale > 0) {
        throw new CliError(
          `${left.stale} values were sealed under an older key while this ran: is a process still ` +
            'running with the old DATA_KEY? Restart it with the new one and run data-key:rotate again; ' +
            'keep DATA_KEY_PREVIOUS until this passes.',
        );
      }
    });
  },
});
