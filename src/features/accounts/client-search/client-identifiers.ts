// The accounts' ways of naming a client at the counter: the e-mail address, the login, the
// PESEL and the phone number, each found exactly (the PESEL through its blind index, the
// phone by its last nine digits). Other features add theirs in their manifests
// (platform/feature.ts, ClientIdentifier).
import type { ClientIdentifier } from '../../../platform/feature.ts';
import { tenantIdOf } from '../../../platform/tenancy/tenant-transaction.ts';
import { normalisePhone, phoneKey } from '../../../lib/phone.ts';
import type { NationalIdProtector } from '../clients/national-id.ts';
import {
  clientIdsByEmail,
  clientIdsByLogin,
  clientIdsByNationalIdIndexes,
  clientIdsByPhoneKey,
} from './client-search.repo.ts';

/** Eleven digits, spaces between them allowed ("440514 01359"), as a PESEL is read out. */
const PESEL_TYPED = /^[0-9](?: ?[0-9]){10}$/;
const LOGIN = /^[A-Za-z0-9._-]{3,64}$/;

export function accountIdentifiers(nationalIds: NationalIdProtector): ClientIdentifier[] {
  return [
    {
      name: 'email',
      recognises: (query) => query.includes('@') && !/\s/.test(query),
      find: (trx, query) => clientIdsByEmail(trx, query),
    },
    {
      name: 'login',
      recognises: (query) => LOGIN.test(query),
      find: (trx, query) => clientIdsByLogin(trx, query),
    },
    {
      name: 'pesel',
      recognises: (query) => PESEL_TYPED.test(query),
      find: (trx, query) =>
        clientIdsByNationalIdIndexes(trx, nationalIds.lookupIndexes(tenantIdOf(trx), query.replace(/ /g, ''))),
    },
    {
      name: 'phone',
      recognises: (query) => normalisePhone(query) !== undefined,
      find: (trx, query) => clientIdsByPhoneKey(trx, phoneKey(normalisePhone(query)!)),
    },
  ];
}
