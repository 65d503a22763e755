// What the mail about a city card ready for pickup adds (issue #23, source 001): when it may be
// picked up (the pickup window, from the last submission's day in the tenant's time zone) and
// where (the tenant's front desks as they are when the card arrives). Read in the transaction
// that moved the card, so the mail says what the page said at that moment.
import type { Knex } from 'knex';
import type { Tenant } from '../../../../platform/tenancy/tenant.ts';
import { listFrontDesks } from '../../../portal/index.ts';
import type { Card } from '../../cards.types.ts';
import { MAIL_DESKS_MAX } from '../../mails.ts';
import { applicationOfCard } from '../city-card-applications.repo.ts';
import { pickupWindowOf } from '../pickup.ts';

export interface PickupMailParams {
  pickup?: { from: string; until: string };
  desks?: { name: string; street: string; postalCode: string; city: string }[];
}

export async function pickupMailParams(
  trx: Knex.Transaction,
  tenant: Pick<Tenant, 'timeZone'>,
  card: Card,
): Promise<PickupMailParams> {
  if (card.state !== 'ready') return {};
  const application = await applicationOfCard(trx, card.id);
  const window = application && pickupWindowOf(application, tenant.timeZone);
  const desks = (await listFrontDesks(trx)).slice(0, MAIL_DESKS_MAX).map(({ name, street, postalCode, city }) => ({
    name,
    street,
    postalCode,
    city,
  }));
  return { ...(window ? { pickup: { from: window.from, until: window.until } } : {}), desks };
}
