// The client's rights to premises, a panel of the client's page at the counter (issue #21),
// linking to the page where a clerk links and ends them. At a tenant that keeps premises only,
// and there for every client, as any of them may be a resident to link.
import type { ClientPanel } from '../../../platform/feature.ts';
import { rightsHeld } from './rights.service.ts';

export const PREMISES_RIGHTS_PANEL: ClientPanel = {
  name: 'premises-rights',
  view: '/admin/housing/panels/rights',
  async load(trx, clientId, tenant) {
    if (!tenant.modules.includes('premises')) return undefined;
    return { clientId, rights: await rightsHeld(trx, clientId) };
  },
};
