// Housing (issue #21): the e-BOK of a housing cooperative or community. Buildings and premises,
// the residents' rights to them (linked at the counter), the monthly fees with their basis, and
// the resident's pages: each premises' overview, its balance as of a day, its turnover. A
// premises' money is the money core's (accounts owned by the premises, one per fund). It owns
// buildings, premises, premises_rights, fee_components and allowance_decisions.
// Its staff record what a premises is charged and what its meters show (docs/housing-desk.md);
// it owns media_settlements and meter_readings too, and the uploads of its purpose
// housing-import.
import { defineFeature } from '../../platform/feature.ts';
import { PREMISES_RIGHTS_PANEL } from './rights/rights.panel.ts';
import { rightsRouter } from './rights/rights.routes.ts';
import { premisesDeskRouter } from './desk/premises-desk.routes.ts';
import { importRouter } from './import/import.routes.ts';
import { IMPORT_UPLOAD } from './import/import-upload.service.ts';
import { buildingsRouter } from './buildings/buildings.routes.ts';
import { premisesRecordsRouter } from './buildings/premises-records.routes.ts';
import { accountNumbersRouter } from './account-numbers/account-numbers.routes.ts';
import { chargesAndMetersRouters } from './desk/charges-and-meters.routes.ts';
import { myPremisesRouter } from './own/my-premises.routes.ts';
import { PREMISES_PAYER } from './premises.payer.ts';
import { PREMISES_CREDITED } from './premises.credit.ts';
import { HOUSING_SETTINGS } from './settings.ts';
import { purgeOfUploads } from '../../platform/uploads/uploads.repo.ts';

export const housing = defineFeature({
  name: 'housing',
  settings: HOUSING_SETTINGS,
  routers: ({ db, clock, secureCookies, dataCache }) => ({
    tenant: [myPremisesRouter({ db, clock, ...(dataCache ? { dataCache } : {}) })],
    tenantAdmin: [
      rightsRouter({ db, clock, secureCookies }),
      // Before the desk's /premises/:id, which would take "import" for an id.
      importRouter({ db, clock, secureCookies }),
      premisesDeskRouter({ db, clock, secureCookies }),
      // buildings, premises created and corrected, the account numbers from the bank
      buildingsRouter({ db, clock, secureCookies }),
      premisesRecordsRouter({ db, clock, secureCookies }),
      accountNumbersRouter({ db, clock, secureCookies }),
      ...chargesAndMetersRouters({ db, clock, secureCookies }),
    ],
  }),
  clientPanels: [PREMISES_RIGHTS_PANEL],
  // The accounting system's files, kept a day for the manager to import (import/).
  purges: { housingImportUploads: purgeOfUploads(IMPORT_UPLOAD) },
  accountPayers: [PREMISES_PAYER],
  creditFollowUps: () => [PREMISES_CREDITED],
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
    // the import from the accounting system
    ...['check', 'kept'],
    // the buildings, a new premises and its account number's source, the bank's list
    ...['buildings', 'building', 'mayManage', 'numbering'],
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
