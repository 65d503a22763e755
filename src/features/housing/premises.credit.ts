// What follows a payment to a premises' account (issue #21), wherever it was paid: the tenant's
// data changed, so every process forgets the overviews it keeps (tenant-data-cache.ts). Online
// the money is posted by one call of a database function outside any transaction, where no
// notice can go; this runs in the transaction right after it, and again on each replay of the
// provider's notification, in case the first notice was lost with its answer. At the counter's
// till the posting's own transaction has told already, and this adds nothing. Given to the
// money core through the manifest (CreditFollowUp).
import type { CreditFollowUp } from '../../platform/feature.ts';
import { tenantDataChanged } from '../../platform/cache/tenant-data-changed.ts';

export const PREMISES_CREDITED: CreditFollowUp = {
  ownerKind: 'premises',
  credited: (trx) => tenantDataChanged(trx),
};
