// Where a feature's mail to a client goes, read in the feature's own transaction (the card
// workflow mails each transition in the transaction that takes it): the address, the client's
// language and first name; nothing for a client without an address (served at the counter only),
// anonymised or of another tenant.
import type { Knex } from 'knex';
import type { Locale } from '../../../platform/i18n/locales.ts';
import { clientRecord } from './client-record.repo.ts';

export interface ClientAddressee {
  email: string;
  locale: Locale;
  firstName: string;
}

export async function clientAddressee(trx: Knex.Transaction, clientId: string): Promise<ClientAddressee | undefined> {
  const client = await clientRecord(trx, clientId);
  if (!client?.email) return undefined;
  return { email: client.email, locale: client.preferredLocale, firstName: client.firstName };
}
