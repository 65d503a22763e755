// Housing (issue #21): the e-BOK of a housing cooperative or community. Buildings and premises,
// the residents' rights to them (linked at the counter), the monthly fees with their basis, and
// the resident's pages: each premises' overview, its balance as of a day, its turnover. A
// premises' money is the money core's (accounts owned by the premises, one per fund). It owns
// buildings, premises, premises_rights, fee_components and allowance_decisions.
// Its staff record what a premises is charged and what its meters show (docs/housing-desk.md);
// it owns media_settlements and meter_readings too.
import { defineFeature } from '../../platform/feature.ts';
import { PREMISES_RIGHTS_PANEL } from './rights/rights.panel.ts';
import { rightsRouter } from './rights/rights.routes.ts';
import { premisesDeskRouter } from './desk/premises-desk.routes.ts';
import { premisesRecordsRouters } from './desk/premises-records.routes.ts';
import { myPremisesRouter } from './own/my-premises.routes.ts';
import { PREMISES_PAYER } from './premises.payer.ts';
import { HOUSING_SETTINGS } from './settings.ts';

export const housing = defineFeature({
  name: 'housing',
  settings: HOUSING_SETTINGS,
  routers: ({ db, clock, secureCookies }) => ({
    tenant: [myPremisesRouter({ db, clock })],
    tenantAdmin: [
      rightsRouter({ db, clock, secureCookies }),
      premisesDeskRouter({ db, clock, secureCookies }),
      ...premisesRecordsRouters({ db, clock, secureCookies }),
    ],
  }),
  clientPanels: [PREMISES_RIGHTS_PANEL],
  accountPayers: [PREMISES_PAYER],
  templateLocals: [
    // the resident's pages
    ...[
      'held',
      'overview',
      'accountNumber',
      'premises',
      'window',
      'lastDay',
      'result',
      'csvUrl',
      'transfer',
      'months',
      'chart',
    ],
    // the counter's page of a client's rights
    ...['client', 'rights', 'notice'],
    // the staff's premises pages
    ...['found', 'page', 'mayCharge'],
    // its fees, allowances, settlements and meters: whether the forms are shown; one meter's table
    ...['mayChange', 'meter'],
  ],
});

export {
  FUNDS,
  PREMISES_KINDS,
  RIGHT_KINDS,
  monthlyFee,
  type Fund,
  type Premises,
  type PremisesKind,
  type RightKind,
} from './housing.types.ts';
