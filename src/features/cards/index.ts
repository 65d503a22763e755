// Cards (issue #22, the city card of issue #23 to follow): the card types a tenant issues, each
// client's card from its application on, through one workflow declared per card type
// (workflow.ts: states, transitions, the roles that take them), audited and mailed at each step.
// The Client Card of a sports centre: a client applies, the activation fee is charged to the
// card's own money account (owner kind 'card'; its holder pays it online through CARD_PAYER or at
// the counter), and the card becomes active with a number the counter's search finds (its last
// digit a check digit, Luhn's or Damm's as the type says). A clerk may also apply for a client at
// the counter. The city card's applications are reviewed by staff (city/review/) and their state
// may be checked without signing in (city/status/). It owns card_types, cards and card_events.
import { defineFeature } from '../../platform/feature.ts';
import { nationalIdProtector } from '../accounts/index.ts';
import { CARD_IDENTIFIER } from './card.identifier.ts';
import { cardCreditFollowUp } from './card.credit.ts';
import { CARD_PAYER } from './card.payer.ts';
import { HOLDER_PESEL_COLUMN } from './city/holder-pesel.ts';
import { reviewRouter } from './city/review/review.routes.ts';
import { cityStatusRouter, DEFAULT_STATUS_LIMITS } from './city/status/status.routes.ts';
import { applyAtCounterRouter } from './desk/apply-at-counter.routes.ts';
import { cardDeskRouter } from './desk/card-desk.routes.ts';
import { CARDS_PANEL } from './desk/cards.panel.ts';
import { passDeskRouter } from './desk/pass-desk.routes.ts';
import { CARDS_MAILS } from './mails.ts';
import { myCardsRouter } from './own/my-cards.routes.ts';
import { passCatalogueRouter } from './passes/catalogue/catalogue.routes.ts';
import { cardTypesRouter } from './types/card-types.routes.ts';

export const cards = defineFeature({
  name: 'cards',
  limits: DEFAULT_STATUS_LIMITS,
  routers: ({ config, db, clock, outbox, secureCookies, rateLimit, subjectHash, limits }) => ({
    // The status check first: /cards/status is no card type's code.
    tenant: [
      cityStatusRouter({ db, clock, nationalIds: nationalIdProtector(config), rateLimit, subjectHash, limits }),
      myCardsRouter({ db, clock, outbox }),
    ],
    // The types' pages, the pass catalogue and the review first: /cards/types, /cards/passes and
    // /cards/applications are no card's id.
    tenantAdmin: [
      cardTypesRouter({ db, secureCookies }),
      passCatalogueRouter({ db, secureCookies }),
      reviewRouter({ db, clock, outbox, secureCookies, nationalIds: nationalIdProtector(config) }),
      cardDeskRouter({ db, clock, outbox, secureCookies }),
      passDeskRouter({ db, clock, outbox, secureCookies }),
      applyAtCounterRouter({ db, clock, outbox, secureCookies }),
    ],
  }),
  clientIdentifiers: () => [CARD_IDENTIFIER],
  clientPanels: [CARDS_PANEL],
  accountPayers: [CARD_PAYER],
  creditFollowUps: (services) => [cardCreditFollowUp(services)],
  mails: CARDS_MAILS,
  sealedColumns: [HOLDER_PESEL_COLUMN],
  templateLocals: [
    // the client's pages: the types offered with their cards, one card's page and its forms' key
    ...['offers', 'page', 'purchaseKey'],
    // the counter's card page, and the manager's card types
    ...['desk', 'types', 'type'],
    // the manager's pass catalogue
    ...['passTypes', 'cardTypes', 'passType'],
    // the city card's review queue and one application under review, and the status check
    ...['queue', 'states', 'ignoredFilters', 'olderUrl', 'review', 'missing', 'notice', 'answer', 'desks'],
  ],
});

export { CARD_STATES, WORKFLOWS, type CardState, type WorkflowName } from './workflow.ts';
