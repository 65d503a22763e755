// data-key:rotate: re-seal every sealed value under the current DATA_KEY. The procedure
// (docs/operations.md): set DATA_KEY to the new key and DATA_KEY_PREVIOUS to the old one,
// restart, run this, then drop DATA_KEY_PREVIOUS.
import { withTenant } from '../../db/tenant-transaction.ts';
import { SEALED_COLUMNS } from '../../db/sealed-columns.ts';
import { createSealedBox, SealedBoxError } from '../../lib/sealed-box.ts';
import { CliError, defineCommand } from './command.ts';
import { withOwnerDatabase } from './owner-database.ts';
import { tenantsToVisit } from './tenant-ids.ts';

const BATCH = 500;

export const dataKeyRotate = defineCommand({
  name: 'data-key:rotate',
  summary: 'Re-encrypt everything sealed under DATA_KEY_PREVIOUS with DATA_KEY',
  details: [
    'Run with DATA_KEY set to the new key and DATA_KEY_PREVIOUS to the old one. Values already',
    'under the new key are left alone, so running it again is harmless. A value that opens under',
    'neither key is reported and the command fails; nothing is lost by that.',
  ],
  options: {},
  examples: ['DATA_KEY=<new> DATA_KEY_PREVIOUS=<old> npm run okienko -- data-key:rotate'],

  async run({ io, print }) {
    await withOwnerDatabase(io, async (owner, config) => {
      const box = createSealedBox(config.dataKey, config.previousDataKeys);
      let resealed = 0;
      const unreadable: string[] = [];
      for (const tenant of await tenantsToVisit(owner, undefined)) {
        for (const { table, column, keys, context } of SEALED_COLUMNS) {
          // Keyset pages, each in its own transaction, so a large table never holds one long lock.
          let after: string | undefined;
          for (;;) {
            const page = await withTenant(owner, tenant.id, async (trx) => {
              const rows: Record<string, unknown>[] = await trx(table)
                .whereNotNull(column)
                .modify((query) => {
                  if (after !== undefined) query.where(keys[0]!, '>', after);
                })
                .orderBy(keys[0]!)
                .limit(BATCH)
                .forUpdate()
                .select(...keys, column);
              for (const row of rows) {
                const sealed = row[column] as Buffer;
                if (!box.isStale(sealed)) continue;
                try {
                  const plain = box.open(sealed, context(row));
                  const where = Object.fromEntries(keys.map((key) => [key, row[key]]));
                  await trx(table)
                    .where(where)
                    .update({ [column]: box.seal(plain, context(row)) });
                  resealed += 1;
                } catch (error) {
                  if (!(error instanceof SealedBoxError)) throw error;
                  unreadable.push(`${tenant.slug} ${table}.${column} ${String(row[keys[0]!])}: ${error.message}`);
                }
              }
              return rows;
            });
            if (page.length < BATCH) break;
            after = String(page.at(-1)![keys[0]!]);
          }
        }
      }
      print(`Re-encrypted ${resealed} values under the current DATA_KEY.`);
      if (unreadable.length > 0) {
        throw new CliError(
          `${unreadable.length} values open under neither DATA_KEY nor DATA_KEY_PREVIOUS:\n  ${unreadable.join('\n  ')}`,
        );
      }
    });
  },
});
