// Who may pay a premises' accounts online (issue #21): whoever holds a right to the premises on
// the day they pay. Given to the payments feature through the manifest (AccountPayer).
import type { AccountPayer } from '../../platform/feature.ts';
import { inWindow } from './housing.types.ts';
import { windowOf } from './premises.repo.ts';

export const PREMISES_PAYER: AccountPayer = {
  ownerKind: 'premises',
  async mayPay(trx, { clientId, ownerId, today }) {
    const window = await windowOf(trx, clientId, ownerId);
    return window !== undefined && inWindow(window, today);
  },
};
