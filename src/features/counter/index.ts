// The counter (issue #19): what a clerk does for the person in front of them, in the staff
// section. Its pages are here; the clients' data and its rules are the accounts context's
// (accounts/index.ts), the staff, their guards and the policy the staff context's.
import { defineFeature } from '../../platform/feature.ts';
import { nationalIdProtector } from '../accounts/index.ts';
import { createSealedBox } from '../../platform/crypto/sealed-box.ts';
import { accessResetRouter } from './access-reset.routes.ts';
import { activationLinkRouter } from './activation-link.routes.ts';
import { clientDetailsRouter } from './client-details.routes.ts';
import { handoverRouter } from './handover.ts';
import { clientPageRouter } from './client-page.routes.ts';
import { mailProblemsRouter } from './mail-problems.routes.ts';
import { newClientRouter } from './new-client.routes.ts';
import { clientSearchRouter, DEFAULT_COUNTER_LIMITS } from './client-search.routes.ts';

export const counter = defineFeature({
  name: 'counter',
  limits: DEFAULT_COUNTER_LIMITS,
  routers: ({
    config,
    db,
    clock,
    outbox,
    rateLimit,
    secureCookies,
    limits,
    clientIdentifiers,
    clientPanels,
    mailResends,
  }) => {
    const nationalIds = nationalIdProtector(config);
    const sealedBox = createSealedBox(config.dataKey, config.previousDataKeys);
    return {
      tenantAdmin: [
        clientSearchRouter({ db, nationalIds, clientIdentifiers, rateLimit, secureCookies, limits }),
        // Before the client's page: /clients/new is no client's id.
        newClientRouter({ db, clock, outbox, nationalIds, sealedBox, secureCookies }),
        handoverRouter({ db, sealedBox, secureCookies, publicUrl: config.publicUrl }),
        clientPageRouter({ db, clock, nationalIds, clientPanels, secureCookies }),
        clientDetailsRouter({ db, secureCookies }),
        activationLinkRouter({ db, clock, outbox, nationalIds, secureCookies }),
        accessResetRouter({ db, clock, outbox, nationalIds, sealedBox, secureCookies }),
        mailProblemsRouter({ db, mailResends, secureCookies }),
      ],
    };
  },
  templateLocals: [
    // the search: what was typed, and what was found
    ...['query', 'results', 'clients'],
    // a client's page, and what a change from it did
    ...['client', 'notice', 'panel'],
    // a client's details corrected against a version someone else saved meanwhile
    ...['conflict'],
    // a client made at the counter: the tenant's PESEL rule, the handover sheet
    ...['nationalId', 'handover'],
    // the mail problems: the mails listed, the next page's link
    ...['mails', 'olderUrl'],
  ],
});
