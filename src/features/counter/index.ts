// The counter (issue #19): what a clerk does for the person in front of them, in the staff
// section. Its pages are here; the clients' data and its rules are the accounts context's
// (accounts/index.ts), the staff, their guards and the policy the staff context's.
import { defineFeature } from '../../platform/feature.ts';
import { nationalIdProtector } from '../accounts/index.ts';
import { clientPageRouter } from './client-page.routes.ts';
import { clientSearchRouter, DEFAULT_COUNTER_LIMITS } from './client-search.routes.ts';

export const counter = defineFeature({
  name: 'counter',
  limits: DEFAULT_COUNTER_LIMITS,
  routers: ({ config, db, clock, rateLimit, secureCookies, limits, clientIdentifiers }) => {
    const nationalIds = nationalIdProtector(config);
    return {
      tenantAdmin: [
        clientSearchRouter({ db, nationalIds, clientIdentifiers, rateLimit, secureCookies, limits }),
        clientPageRouter({ db, clock, nationalIds, secureCookies }),
      ],
    };
  },
  templateLocals: [
    // the search: what was typed, and what was found
    ...['query', 'results', 'clients'],
    // a client's page, and what a change from it did
    ...['client', 'notice'],
  ],
});
