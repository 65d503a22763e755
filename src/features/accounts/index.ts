// The accounts context: registration and activation, sign-in and out, passwords (change,
// forced change, reset), profile and e-mail change, the security page, my data (export and
// closing), the signed-in dashboard. It owns clients, account_tokens and sign_in_events.
import { defineFeature, type FeatureConfig } from '../../platform/feature.ts';
import { blindIndexUnder, createNationalIdProtector, type NationalIdProtector } from './clients/national-id.ts';
import { IDENTITY_CHECKS_PANEL } from './client-record/identity-checks.panel.ts';
import { accountIdentifiers } from './client-search/client-identifiers.ts';
import { accountRouter } from './dashboard/dashboard.routes.ts';
import { ACCOUNT_MAILS } from './mails.ts';
import { accountMailResends } from './mail-problems/mail-resends.ts';
import { myDataRouter } from './my-data/my-data.routes.ts';
import { passwordResetRouter, DEFAULT_PASSWORD_RESET_LIMITS } from './password-reset/password-reset.routes.ts';
import { passwordRouter } from './password/password.routes.ts';
import { profileRouter } from './profile/profile.routes.ts';
import { ACCOUNT_PURGES } from './purges.ts';
import { DEFAULT_REGISTRATION_LIMITS, registrationRouter } from './registration/registration.routes.ts';
import { nationalIdContext } from './registration/registration.service.ts';
import { ACCOUNT_SETTINGS } from './settings.ts';
import { securityRouter } from './security/security.routes.ts';
import { DEFAULT_SIGN_IN_LIMITS, signInRouter } from './sign-in/sign-in.routes.ts';

/** The PESEL's sealing and blind index under the configured keys. */
export function nationalIdProtector(config: Pick<FeatureConfig, 'dataKey' | 'previousDataKeys'>): NationalIdProtector {
  return createNationalIdProtector({ dataKey: config.dataKey, previousDataKeys: config.previousDataKeys });
}

export const accounts = defineFeature({
  name: 'accounts',
  clientIdentifiers: ({ config }) => accountIdentifiers(nationalIdProtector(config)),
  clientPanels: [IDENTITY_CHECKS_PANEL],
  mailResends: ({ clock, outbox }) => accountMailResends({ clock, outbox }),
  settings: ACCOUNT_SETTINGS,
  limits: { ...DEFAULT_REGISTRATION_LIMITS, ...DEFAULT_SIGN_IN_LIMITS, ...DEFAULT_PASSWORD_RESET_LIMITS },
  routers: ({ config, db, clock, outbox, rateLimit, subjectHash, secureCookies, limits }) => {
    const nationalIds = nationalIdProtector(config);
    const services = { db, clock, outbox, nationalIds, rateLimit };
    return {
      tenant: [
        // The dashboard first: the most viewed signed-in page, it then walks no other router's stack.
        accountRouter(),
        registrationRouter({ ...services, emailHash: subjectHash, limits }),
        signInRouter({ db, clock, outbox, rateLimit, identifierHash: subjectHash, secureCookies, limits }),
        passwordRouter(services),
        profileRouter({ ...services, secureCookies }),
        passwordResetRouter({ ...services, identifierHash: subjectHash, limits }),
        securityRouter({ db, clock }),
        myDataRouter({ ...services, secureCookies }),
      ],
    };
  },
  mails: ACCOUNT_MAILS,
  templateLocals: [
    // registration: the front-desk answer, and the set-password form
    ...['reason', 'client', 'rules', 'token'],
    // sign-in and the signed-in area; partials/new-password-fields takes a label
    ...['next', 'signedOut', 'forced', 'changed', 'label'],
    // forgot password: the sign-in page's notice after a reset
    ...['passwordReset'],
    // profile and e-mail change
    ...['profile', 'saved', 'pending', 'address', 'validHours'],
    // security and my data: sessions, sign-in history, retention periods
    ...['sessions', 'events', 'successes', 'rows', 'caption', 'signedOutOthers', 'historyDays'],
    // the dashboard's modules
    ...['modules'],
  ],
  sealedColumns: [
    {
      table: 'clients',
      column: 'national_id_sealed',
      keys: ['id'],
      contextColumns: ['id'],
      context: (row) => nationalIdContext(String(row.tenant_id), String(row.id)),
      // The PESEL's blind index is keyed from DATA_KEY too: under a new key, a new index.
      derived: (plain, row, dataKey) => ({ national_id_index: blindIndexUnder(dataKey, String(row.tenant_id), plain) }),
    },
  ],
  purges: ACCOUNT_PURGES,
});

// What other features use of the accounts: the password rules and the address and name fields,
// for people who are not clients…
export { checkPassword, passwordRules, type PasswordProblem } from './clients/password-policy.ts';
export { newPasswordErrors } from './clients/new-password.ts';
export { emailAddress, nationalIdField, personName } from './registration/registration.form.ts';
// … and the PESEL sealed and indexed the same way wherever another feature keeps one.
export { blindIndexUnder, type NationalIdProtector } from './clients/national-id.ts';
// … and the name of a downloaded file, dated in the tenant's time zone.
export { exportFileName } from './my-data/data-export.format.ts';
// … and the counter's search over the clients.
export {
  MAX_QUERY_LENGTH,
  MIN_QUERY_LENGTH,
  searchClients,
  shownQuery,
  type ClientSearchDeps,
  type ClientSearchResults,
  type ClientSummary,
} from './client-search/client-search.service.ts';
// … and a client's page there, its devices named as the client's own security page names them.
export { deviceName } from './security/device-name.ts';
export {
  changeClient,
  clientPage,
  clientSummary,
  endClientSessions,
  isClient,
  type ClientChange,
  type ClientPage,
  type ClientRecordDeps,
} from './client-record/client-record.service.ts';
export {
  clientDetails,
  detailsVersion,
  editClientDetails,
  type ClientDetails,
  type VersionedDetails,
} from './client-record/client-details.service.ts';
// … and a client made there, in person, or given access again.
export {
  ACCESS_METHODS,
  createClientInPerson,
  DOCUMENT_TYPES,
  REPRESENTATIVE_RELATIONS,
  type InPersonDeps,
  type InPersonOutcome,
} from './in-person/in-person.service.ts';
export { sendActivationLinkTo, type ActivationLinkOutcome } from './in-person/activation-link.service.ts';
export { ACCESS_RESET_METHODS, resetAccess, type AccessResetMethod } from './in-person/access-reset.service.ts';
// … and where another feature's mail to a client goes, in that feature's transaction.
export { clientAddressee, type ClientAddressee } from './client-record/client-addressee.ts';
// … and the names of the clients a mail problem was for.
export { clientsNamed, type NamedClient } from './mail-problems/clients-named.ts';
