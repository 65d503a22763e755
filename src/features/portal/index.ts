// The portal context: the directory of tenants, each tenant's public pages (home,
// accessibility statement, privacy notice, terms, brand stylesheet) and its front desks.
// It owns service_points and opening_hours.
import { defineFeature } from '../../platform/feature.ts';
import { directoryRouter } from './directory/directory.routes.ts';
import { PORTAL_SETTINGS } from './settings.ts';
import { brandStylesheetRouter } from './tenant-pages/brand-css.ts';
import { regulationsRouter } from './tenant-pages/regulations.routes.ts';
import { tenantPagesRouter } from './tenant-pages/tenant-pages.routes.ts';

export const portal = defineFeature({
  name: 'portal',
  settings: PORTAL_SETTINGS,
  routers: ({ db, clock, registry }) => ({
    tenantAssets: [brandStylesheetRouter()],
    tenant: [tenantPagesRouter(db, clock), regulationsRouter(db)],
    root: [directoryRouter(registry)],
  }),
  templateLocals: ['desks', 'desk', 'modules', 'tenants'],
});

// What other features use of the portal: the front desks a page sends a client to, and the
// version of the privacy notice a registration acknowledges.
export { frontDesksAt } from './front-desks/front-desks.service.ts';
// The managers' front-desk pages (features/tenant-settings) change the desks through these.
export {
  deleteFrontDesk,
  insertFrontDesk,
  listFrontDesks,
  lockedFrontDesk,
  updateFrontDesk,
  type FrontDesk,
  type FrontDeskInput,
} from './front-desks/front-desks.repo.ts';
export { PRIVACY_NOTICE_VERSION } from './tenant-pages/documents.ts';
// The tenant's settings pages (features/tenant-settings): the colour pairs the brand must pass.
export { BRAND_COLOUR_PAIRS, type BrandColourPair } from './tenant-pages/brand-css.ts';
