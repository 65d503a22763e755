// mail:test: queue a test message from a tenant, to check the whole path: outbox, worker,
// SMTP server, the recipient's mailbox.
import { z } from 'zod';
import { withTenant } from '../../platform/tenancy/tenant-transaction.ts';
import { isLocale } from '../../platform/i18n/locales.ts';
import { systemClock } from '../../lib/clock.ts';
import { createSealedBox } from '../../platform/crypto/sealed-box.ts';
import { MailOutbox } from '../../platform/mail/outbox.ts';
import { MAIL_CHECK } from '../../platform/mail/templates.ts';
import { CliError, defineCommand, InvalidValuesError } from './command.ts';
import { withOwnerDatabase } from './owner-database.ts';
import { tenantsToVisit } from './tenant-ids.ts';

export const mailTest = defineCommand({
  name: 'mail:test',
  summary: 'Queue a test message from a tenant to an address',
  options: {
    tenant: { type: 'string', required: true, value: '<slug>', description: 'The tenant the message comes from' },
    to: { type: 'string', required: true, value: '<address>', description: 'Where to send it' },
    locale: { type: 'string', value: '<pl|en|cs>', description: "Language (default: the tenant's)" },
    note: { type: 'string', value: '<text>', description: 'A line added to the subject and the message' },
  },
  examples: ['npm run okienko -- mail:test --tenant mosir-zielonka --to admin@example.pl --note "new SMTP relay"'],

  async run({ options, io, print }) {
    if (!z.string().email().safeParse(options.to).success)
      throw new InvalidValuesError([`--to: not an e-mail address`]);
    if (options.locale !== undefined && !isLocale(options.locale)) {
      throw new InvalidValuesError([`--locale: must be pl, en or cs`]);
    }
    if (options.note !== undefined && /[\r\n]/.test(options.note)) throw new InvalidValuesError(['--note: one line']);
    await withOwnerDatabase(io, async (owner, config) => {
      const [tenant] = await tenantsToVisit(owner, options.tenant);
      const { default_locale: tenantLocale } = await owner('tenants').where({ id: tenant!.id }).first('default_locale');
      const outbox = new MailOutbox({
        sealedBox: createSealedBox(config.dataKey, config.previousDataKeys),
        clock: systemClock,
      });
      const outcome = await withTenant(owner, tenant!.id, (trx) =>
        outbox.enqueue(trx, {
          template: MAIL_CHECK,
          to: options.to,
          locale: options.locale && isLocale(options.locale) ? options.locale : tenantLocale,
          params: { note: options.note ?? '' },
          idempotencyKey: `mail-check:${Date.now()}`,
        }),
      );
      if (outcome.status === 'dropped') {
        throw new CliError(`not queued: ${options.to} had a test message in the last minute (throttle)`);
      }
      print(`Queued test message ${outcome.id} from ${options.tenant} to ${options.to}.`);
    });
  },
});
