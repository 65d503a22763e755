// Cards (issue #22, and the city card of issue #23): the card types a tenant issues, each
// client's card from its application on, through one workflow declared per card type
// (workflow.ts: states, transitions, the roles that take them), audited and mailed at each step.
// The Client Card of a sports centre: a client applies, the activation fee is charged to the
// card's own money account (owner kind 'card'; its holder pays it online through CARD_PAYER or at
// the counter), and the card becomes active with a number the counter's search finds (its last
// digit a check digit, Luhn's or Damm's as the type says). A clerk may also apply for a client at
// the counter. The city transport e-card (issue #23, city/): its pickup window and the worker's
// job that lapses a card not picked up (pickup/), its handover at the counter and the cards sold
// to the bearer (handover/), its replacement, and the hot list and pending loads the operator's
// ticketing system takes (ticketing/). It owns card_types, cards, card_events,
// city_card_applications, city_bearer_cards and ticketing_loads.
import { defineFeature } from '../../platform/feature.ts';
import { CARD_IDENTIFIER } from './card.identifier.ts';
import { cardCreditFollowUp } from './card.credit.ts';
import { CARD_PAYER } from './card.payer.ts';
import { HOLDER_PESEL_COLUMN } from './city/holder-pesel.ts';
import { nationalIdProtector } from '../accounts/index.ts';
import { bearerCardsRouter } from './city/handover/bearer.routes.ts';
import { handoverRouter } from './city/handover/handover.routes.ts';
import { CITY_CARD_SETTINGS, purgeEndedApplicationFiles } from './city/pickup/file-retention.ts';
import { CITY_CARD_LAPSE } from './city/pickup/lapse.job.ts';
import { ticketingRouter } from './city/ticketing/ticketing.routes.ts';
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
  routers: ({ config, db, clock, outbox, secureCookies }) => ({
    tenant: [myCardsRouter({ db, clock, outbox })],
    // The types' pages, the pass catalogue, the bearer cards and the ticketing files first:
    // /cards/types, /cards/passes, /cards/bearer and /cards/ticketing are no card's id.
    tenantAdmin: [
      cardTypesRouter({ db, secureCookies }),
      passCatalogueRouter({ db, secureCookies }),
      bearerCardsRouter({ db, clock, outbox, secureCookies }),
      ticketingRouter({ db, clock, outbox, secureCookies }),
      cardDeskRouter({ db, clock, outbox, secureCookies, nationalIds: nationalIdProtector(config) }),
      handoverRouter({ db, clock, outbox, secureCookies }),
      passDeskRouter({ db, clock, outbox, secureCookies }),
      applyAtCounterRouter({ db, clock, outbox, secureCookies }),
    ],
  }),
  jobs: [CITY_CARD_LAPSE],
  settings: CITY_CARD_SETTINGS,
  purges: { cityCardEndedFiles: purgeEndedApplicationFiles },
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
    // the city card's handover form and loads (partials of the card's page), the bearer sale and
    // bearer card, and the ticketing files' page
    ...['handover', 'loaded', 'offer', 'bearer', 'ticketing', 'count'],
  ],
});

export { CARD_STATES, WORKFLOWS, type CardState, type WorkflowName } from './workflow.ts';
