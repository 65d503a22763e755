// The demo transport operator's city card (issue #23), so a newcomer sees the whole of it at once:
// the card type "Zielonecka Karta Miejska" at mzk-zielonka (free, 16 digits beginning 6380 with a
// Luhn check digit), the period tickets a clerk sells with it at the handover, and two of Anna
// Nowak's applications made through the same services as the pages make them: her own, reviewed,
// produced and ready for pickup (the counter's handover can be tried on it), and her son Kacper's,
// a 15-year-old applying with her consent and a student discount, waiting in the review queue.
// The photos are drawn (demo-photo.ts), no one's face. Idempotent: a type, ticket or holder
// already there is left as it is.
import type { Knex } from 'knex';
import { cardTypeByCode } from '../src/features/cards/card-types.repo.ts';
import { cardById } from '../src/features/cards/cards.repo.ts';
import type { CityApplyDeps } from '../src/features/cards/city/apply/application-access.ts';
import { submitApplication } from '../src/features/cards/city/apply/application.service.ts';
import {
  saveAddress,
  saveDiscount,
  saveIdDocument,
  savePhoto,
  saveRepresentative,
} from '../src/features/cards/city/apply/application-parts.service.ts';
import { startApplication } from '../src/features/cards/city/apply/start-application.service.ts';
import type { IdDocumentKind, RepresentativeRelation } from '../src/features/cards/city/city-card.types.ts';
import { insertPassType, passTypeByCode } from '../src/features/cards/passes/pass-types.repo.ts';
import type { PassType } from '../src/features/cards/passes/passes.types.ts';
import { moveCard } from '../src/features/cards/transitions.ts';
import type { TransitionName } from '../src/features/cards/workflow.ts';
import { createNationalIdProtector } from '../src/features/accounts/clients/national-id.ts';
import { TENANT_SETTINGS } from '../src/features/index.ts';
import { systemClock } from '../src/lib/clock.ts';
import { makePesel, parsePesel } from '../src/lib/pesel.ts';
import { createSealedBox } from '../src/platform/crypto/sealed-box.ts';
import { MailOutbox } from '../src/platform/mail/outbox.ts';
import type { ServiceContext } from '../src/platform/service-context.ts';
import { tenantFromRow, type Tenant } from '../src/platform/tenancy/tenant.ts';
import { asTenantId, tenantRows, withTenant } from '../src/platform/tenancy/tenant-transaction.ts';
import { demoIdPhoto } from './demo-photo.ts';

const TENANT = 'mzk-zielonka';

export const DEMO_CITY_CARD_TYPE = {
  code: 'karta-miejska',
  name: 'Zielonecka Karta Miejska',
  workflow: 'city_card',
  activationFee: 0,
  currency: 'PLN',
  numberPrefix: '6380',
  numberLength: 16,
  checkDigit: 'luhn',
} as const;

/** The period tickets of the demo city card: what a clerk sells as the first load at the handover. */
export const DEMO_TICKETS: readonly Omit<PassType, 'id' | 'cardTypeId'>[] = [
  {
    code: 'bilet-30-dni',
    name: 'Bilet 30-dniowy na wszystkie linie',
    facility: 'komunikacja miejska',
    price: 11_000,
    reducedPrice: 5_500,
    reducedFor: 'student',
    reducedLeft: null,
    validityDays: 30,
    entries: null,
    onSale: true,
  },
  {
    code: 'bilet-90-dni',
    name: 'Bilet 90-dniowy na wszystkie linie',
    facility: 'komunikacja miejska',
    price: 29_000,
    reducedPrice: null,
    reducedFor: null,
    reducedLeft: null,
    validityDays: 90,
    entries: null,
    onSale: true,
  },
];

export interface DemoApplication {
  holder: { firstName: string; lastName: string; pesel: string };
  representative?: { name: string; relation: RepresentativeRelation };
  idDocument: { kind: IdDocumentKind; number: string };
  discount?: { kind: 'student'; validUntil: string };
  /** The staff's steps after submission, as the review page and the counter take them. */
  steps: readonly TransitionName[];
  shirt: string;
}

/** Anna Nowak's applications (the README lists them). */
export const DEMO_CITY_APPLICATIONS: readonly DemoApplication[] = [
  {
    holder: {
      firstName: 'Anna',
      lastName: 'Nowak',
      pesel: makePesel({ year: 1988, month: 11, day: 3, serial: 2468, sex: 'female' }),
    },
    idDocument: { kind: 'id_card', number: 'ZAB123456' },
    steps: ['approve', 'produce', 'deliver'],
    shirt: '#1d5e20',
  },
  {
    holder: {
      firstName: 'Kacper',
      lastName: 'Nowak',
      pesel: makePesel({ year: 2011, month: 4, day: 2, serial: 1357, sex: 'male' }),
    },
    representative: { name: 'Anna Nowak', relation: 'parent' },
    idDocument: { kind: 'school_id', number: 'LEG20261234' },
    discount: { kind: 'student', validUntil: '2027-09-30' },
    steps: [],
    shirt: '#a4161a',
  },
];

export async function seedDemoCityCards(owner: Knex, { dataKey }: { dataKey: Buffer }): Promise<void> {
  const row = await owner('tenants').where({ slug: TENANT }).first();
  if (!row) return;
  const tenant = tenantFromRow({ ...row, domains: null }, TENANT_SETTINGS);
  await withTenant(owner, asTenantId(tenant.id), async (trx) => {
    if (!(await cardTypeByCode(trx, DEMO_CITY_CARD_TYPE.code))) {
      await trx('card_types').insert({
        code: DEMO_CITY_CARD_TYPE.code,
        name: DEMO_CITY_CARD_TYPE.name,
        workflow: DEMO_CITY_CARD_TYPE.workflow,
        activation_fee: DEMO_CITY_CARD_TYPE.activationFee,
        currency: DEMO_CITY_CARD_TYPE.currency,
        number_prefix: DEMO_CITY_CARD_TYPE.numberPrefix,
        number_length: DEMO_CITY_CARD_TYPE.numberLength,
        check_digit: DEMO_CITY_CARD_TYPE.checkDigit,
      });
    }
    const type = (await cardTypeByCode(trx, DEMO_CITY_CARD_TYPE.code))!;
    for (const ticket of DEMO_TICKETS) {
      if (!(await passTypeByCode(trx, ticket.code))) await insertPassType(trx, { ...ticket, cardTypeId: type.id });
    }
  });
  const clock = systemClock;
  const deps: CityApplyDeps = {
    db: owner,
    clock,
    outbox: new MailOutbox({ sealedBox: createSealedBox(dataKey), clock }),
    nationalIds: createNationalIdProtector({ dataKey }),
  };
  const client = await withTenant(owner, asTenantId(tenant.id), (trx) =>
    tenantRows(trx, 'clients').where({ email_key: 'anna.nowak@example.org' }).first<{ id: string } | undefined>('id'),
  );
  if (!client) return;
  for (const demo of DEMO_CITY_APPLICATIONS) await seedApplication(deps, tenant, client.id, demo);
}

/**
 * One application through the application's services as its applicant, then the staff's steps;
 * resolves with its card's id, or undefined when the holder had applied before (the browser
 * tests' page sweep makes one for a client of its own: support/city-cards.ts).
 */
export async function seedApplication(
  deps: CityApplyDeps,
  tenant: Tenant,
  clientId: string,
  demo: DemoApplication,
): Promise<string | undefined> {
  const parsed = parsePesel(demo.holder.pesel);
  if (!parsed.ok) throw new Error(`demo PESEL: ${parsed.reason}`);
  const context: ServiceContext = { tenant, actor: { kind: 'client', clientId }, requestId: 'seed' };
  const started = await startApplication(deps, context, {
    clientId,
    cardType: { code: DEMO_CITY_CARD_TYPE.code },
    holder: { ...demo.holder, pesel: parsed.pesel, incapacity: 'none' },
  });
  // A holder already applied for: seeded before.
  if (started.kind !== 'started') return undefined;
  const ref = { cardId: started.cardId };
  await saveAddress(deps, context, ref, { street: 'ul. Lipowa 12 m. 4', postalCode: '65-001', city: 'Zielonka' });
  if (demo.representative) await saveRepresentative(deps, context, ref, demo.representative);
  await saveIdDocument(deps, context, ref, demo.idDocument);
  await savePhoto(deps, context, ref, { fileName: 'zdjecie.jpg', jpeg: await demoIdPhoto(demo.shirt) });
  if (demo.discount) {
    const proof = { fileName: 'legitymacja.pdf', mediaType: 'application/pdf', content: DEMO_PROOF };
    await saveDiscount(deps, context, ref, { ...demo.discount, proof });
  }
  const submitted = await submitApplication(deps, context, ref);
  if (submitted.kind !== 'submitted') throw new Error(`demo application not submitted: ${submitted.kind}`);
  // The tenant's staff, as the operator's commands act for them (transitions.ts roleOf).
  const staff: ServiceContext = { tenant, actor: { kind: 'operator' }, requestId: 'seed' };
  await withTenant(deps.db, tenant.id, async (trx) => {
    const type = (await cardTypeByCode(trx, DEMO_CITY_CARD_TYPE.code))!;
    for (const name of demo.steps) {
      const card = (await cardById(trx, started.cardId))!;
      const step = await moveCard(trx, deps, staff, { card, type, name });
      if (step.kind !== 'taken') throw new Error(`demo step ${name}: ${step.why}`);
    }
  });
  return started.cardId;
}

/** A one-page PDF saying what it stands for: a school ID's scan. */
const DEMO_PROOF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
