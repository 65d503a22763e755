// mail:retry: after an outage is fixed, send the mails waiting for their next attempt now
// instead of at the end of their backoff. Dead mails cannot be retried: their content (live
// links among it) was erased when they were given up, so the person asks again.
import { withTenant, tenantRows } from '../../platform/tenancy/tenant-transaction.ts';
import { notify } from '../../platform/db/notify.ts';
import { MAIL_QUEUED_CHANNEL } from '../../platform/mail/outbox.ts';
import { defineCommand } from './command.ts';
import { withOwnerDatabase } from './owner-database.ts';
import { tenantsToVisit } from './tenant-ids.ts';

export const mailRetry = defineCommand({
  name: 'mail:retry',
  summary: 'Make the mails waiting for a retry go now (after fixing an SMTP outage)',
  details: [
    'Queued mails that failed at least once are made due at once, and the workers are woken.',
    'Dead mails are counted but not retried: their content was erased when they were given up.',
  ],
  options: {
    tenant: { type: 'string', value: '<slug>', description: 'Only this tenant (default: every tenant)' },
  },
  examples: ['npm run okienko -- mail:retry', 'npm run okienko -- mail:retry --tenant mosir-zielonka'],

  async run({ options, io, print }) {
    await withOwnerDatabase(io, async (owner) => {
      let retried = 0;
      let dead = 0;
      for (const tenant of await tenantsToVisit(owner, options.tenant)) {
        await withTenant(owner, tenant.id, async (trx) => {
          const made = await tenantRows(trx, 'mail_outbox')
            .where({ status: 'queued' })
            .andWhere('attempts', '>', 0)
            .update({ next_attempt_at: trx.fn.now() });
          const deadHere = await tenantRows(trx, 'mail_outbox').where({ status: 'dead' }).count({ count: '*' }).first();
          retried += made;
          dead += Number(deadHere?.count ?? 0);
          if (made > 0) print(`${tenant.slug}: ${made} mails due now`);
        });
      }
      if (retried > 0) await notify(owner, MAIL_QUEUED_CHANNEL);
      print(retried > 0 ? `${retried} mails will be sent now.` : 'No mails are waiting for a retry.');
      if (dead > 0) {
        print(`${dead} dead mails were not retried: their content was erased; the people concerned must ask again.`);
      }
    });
  },
});
