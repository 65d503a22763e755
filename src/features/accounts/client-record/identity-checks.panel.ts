// The identity checks made at the counter (issue #19), a panel of the client's page: the
// document seen (its kind and last four characters), the legal representative where one was
// recorded, who checked and when. Newest first; none for a client who registered online.
import type { ClientPanel } from '../../../platform/feature.ts';
import { tenantRows } from '../../../platform/tenancy/tenant-transaction.ts';

export interface IdentityCheck {
  documentType: string;
  documentEnding: string;
  representativeName: string | null;
  representativeRelation: string | null;
  /** The member of staff who checked: their name, or their address where they have none. */
  checkedBy: string;
  checkedAt: Date;
}

export const IDENTITY_CHECKS_PANEL: ClientPanel = {
  name: 'identity-checks',
  view: '/admin/clients/panels/identity-checks',
  async load(trx, clientId): Promise<IdentityCheck[] | undefined> {
    const rows = await tenantRows(trx, 'client_identity_checks as k')
      .join('staff as s', function sameTenant() {
        this.on('s.tenant_id', 'k.tenant_id').andOn('s.id', 'k.checked_by');
      })
      .where('k.client_id', clientId)
      .orderBy('k.checked_at', 'desc')
      .select(
        'k.document_type',
        'k.document_ending',
        'k.representative_name',
        'k.representative_relation',
        'k.checked_at',
        trx.raw('coalesce(s.name, s.email) AS checked_by'),
      );
    if (rows.length === 0) return undefined;
    return rows.map((row) => ({
      documentType: row.document_type,
      documentEnding: row.document_ending,
      representativeName: row.representative_name,
      representativeRelation: row.representative_relation,
      checkedBy: row.checked_by,
      checkedAt: row.checked_at,
    }));
  },
};
