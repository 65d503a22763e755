// The client's money accounts with their balances, a panel of the client's page at the counter
// (issue #20), each linking to the account's page. None for a client with no account.
import type { ClientPanel } from '../../../platform/feature.ts';
import { accountsOf } from '../accounts.service.ts';

export const MONEY_ACCOUNTS_PANEL: ClientPanel = {
  name: 'money-accounts',
  view: '/admin/money/panels/accounts',
  async load(trx, clientId) {
    const accounts = await accountsOf(trx, { ownerKind: 'client', ownerId: clientId });
    return accounts.length === 0 ? undefined : accounts;
  },
};
