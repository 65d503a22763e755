// Cards (issue #22, and the city card of issue #23): the card types a tenant issues, each
// client's card from its application on, through one workflow declared per card type
// (workflow.ts: states, transitions, the roles that take them), audited and mailed at each step.
// The Client Card of a sports centre: a client applies, the activation fee is charged to the
// card's own money account (owner kind 'card'; its holder pays it online through CARD_PAYER or at
// the counter), and the card becomes active with a number the counter's search finds (its last
// digit a check digit, Luhn's or Damm's as the type says). A clerk may also apply for a client at
// the counter. The city transport e-card (issue #23, city/) names its holder by PESEL: its
// application (apply/) asks who for, then its parts, online or entered by a clerk from a paper
// form; staff review it (review/), and its state may be checked without signing in (status/);
// its pickup window and the worker's job that lapses a card not picked up (pickup/), its
// handover at the counter and the cards sold to the bearer (handover/), its replacement, and the
// hot list and pending loads the operator's ticketing system takes (ticketing/). It owns
// card_types, cards, card_events, city_card_applications, city_bearer_cards and ticketing_loads.
import { defineFeature } from '../../platform/feature.ts';
import { purgeOfUploads } from '../../platform/uploads/uploads.repo.ts';
import { nationalIdProtector } from '../accounts/index.ts';
import { CARD_IDENTIFIER } from './card.identifier.ts';
import { cardCreditFollowUp } from './card.credit.ts';
import { CARD_PAYER } from './card.payer.ts';
import { myApplicationsRouter } from './city/apply/my-applications.routes.ts';
import { paperApplicationsRouter } from './city/apply/paper-applications.routes.ts';
import { CITY_CARD_PHOTO, CITY_CARD_PROOF } from './city/city-card-uploads.ts';
import { HOLDER_PESEL_COLUMN } from './city/holder-pesel.ts';
import { reviewRouter } from './city/review/review.routes.ts';
import { cityStatusRouter, DEFAULT_STATUS_LIMITS } from './city/status/status.routes.ts';
import { bearerCardsRouter } from './city/handover/bearer.routes.ts';
import { handoverRouter } from './city/handover/handover.routes.ts';
import { changeCompletionRouter } from './city/changes/changes.routes.ts';
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
  limits: DEFAULT_STATUS_LIMITS,
  routers: ({ config, db, clock, outbox, secureCookies, rateLimit, subjectHash, limits }) => {
    const nationalIds = nationalIdProtector(config);
    return {
      // The status check first: /cards/status is no card type's code. A city card type's
      // /cards/:code is its applications' page; any other type's, the card's.
      tenant: [
        cityStatusRouter({ db, clock, nationalIds, rateLimit, subjectHash, limits }),
        myApplicationsRouter({ db, clock, outbox, nationalIds }),
        myCardsRouter({ db, clock, outbox }),
      ],
      // The types' pages, the pass catalogue, the review, the bearer cards and the ticketing files
      // first: /cards/types, /cards/passes, /cards/applications, /cards/bearer and /cards/ticketing
      // are no card's id.
      tenantAdmin: [
        cardTypesRouter({ db, secureCookies }),
        passCatalogueRouter({ db, secureCookies }),
        reviewRouter({ db, clock, outbox, secureCookies, nationalIds }),
        bearerCardsRouter({ db, clock, outbox, secureCookies }),
        ticketingRouter({ db, clock, outbox, secureCookies }),
        cardDeskRouter({ db, clock, outbox, secureCookies, nationalIds }),
        handoverRouter({ db, clock, outbox, secureCookies }),
        changeCompletionRouter({ db, clock, outbox, secureCookies, nationalIds }),
        passDeskRouter({ db, clock, outbox, secureCookies }),
        applyAtCounterRouter({ db, clock, outbox, secureCookies }),
        paperApplicationsRouter({ db, clock, outbox, nationalIds, secureCookies }),
      ],
    };
  },
  clientIdentifiers: () => [CARD_IDENTIFIER],
  clientPanels: [CARDS_PANEL],
  accountPayers: [CARD_PAYER],
  creditFollowUps: (services) => [cardCreditFollowUp(services)],
  mails: CARDS_MAILS,
  jobs: [CITY_CARD_LAPSE],
  settings: CITY_CARD_SETTINGS,
  purges: {
    // An ended application's photo and proof, after the tenant's retention setting; any of them
    // (one never attached among them) after the longest their purposes keep them.
    cityCardEndedFiles: purgeEndedApplicationFiles,
    cityCardPhotos: purgeOfUploads(CITY_CARD_PHOTO),
    cityCardProofs: purgeOfUploads(CITY_CARD_PROOF),
  },
  sealedColumns: [HOLDER_PESEL_COLUMN],
  templateLocals: [
    // the client's pages: the types offered with their cards, one card's page and its forms' key
    ...['offers', 'page', 'purchaseKey'],
    // the counter's card page, and the manager's card types (their kinds, a free type's page)
    ...['desk', 'types', 'type', 'workflows', 'free'],
    // the city card's applications, online and from a paper form at the counter
    ...['apply'],
    // the manager's pass catalogue
    ...['passTypes', 'cardTypes', 'passType'],
    // the city card's review queue and one application under review, and the status check
    ...['queue', 'states', 'ignoredFilters', 'olderUrl', 'review', 'missing', 'notice', 'answer', 'desks'],
    // the city card's handover form and loads (partials of the card's page), the bearer sale and
    // bearer card, and the ticketing files' page
    ...['handover', 'loaded', 'offer', 'bearer', 'ticketing', 'count'],
    // a city card holder's change of data by request: its forms, the open one and its completion
    ...['changing', 'requested', 'openChange', 'deposit'],
  ],
});

export { CARD_STATES, WORKFLOWS, type CardState, type WorkflowName } from './workflow.ts';
