// What the city card tests share (issue #23): a transport operator issuing the city card (the
// cards tests' centre with the city card's module and type), and an application made as the
// application forms make one, through the same repositories: the holder's draft with the sealed
// PESEL, the application's row, every part of it filled in (a representative as the holder's age
// calls for, a photo and a proof stored under their upload purposes), then submitted by the
// client, which mails them and starts the pickup window. A part left out is left out as a form
// would leave it, for the tests of what an incomplete application may not do.
import { randomUUID } from 'node:crypto';
import { nationalIdProtector } from '../../src/features/accounts/index.ts';
import { cardById, insertHolderDraft } from '../../src/features/cards/cards.repo.ts';
import { relationsFor, routeOf } from '../../src/features/cards/city/application-rules.ts';
import {
  changeApplication,
  insertApplication,
  type ApplicationChange,
} from '../../src/features/cards/city/city-card-applications.repo.ts';
import { CITY_CARD_PHOTO, CITY_CARD_PROOF } from '../../src/features/cards/city/city-card-uploads.ts';
import type { DiscountKind } from '../../src/features/cards/city/city-card.types.ts';
import { sealHolder } from '../../src/features/cards/city/holder-pesel.ts';
import { CARD_STATE_MAIL } from '../../src/features/cards/mails.ts';
import { moveCard } from '../../src/features/cards/transitions.ts';
import type { TransitionName } from '../../src/features/cards/workflow.ts';
import type { Incapacity } from '../../src/lib/legal-capacity.ts';
import { fromIsoDate, makePesel, parsePesel, toIsoDate } from '../../src/lib/pesel.ts';
import { calendarDayIn } from '../../src/lib/zoned-date.ts';
import { createI18n } from '../../src/platform/i18n/i18n.ts';
import { createMailRenderer } from '../../src/platform/mail/render.ts';
import type { ServiceContext } from '../../src/platform/service-context.ts';
import type { Tenant } from '../../src/platform/tenancy/tenant.ts';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { storeUpload } from '../../src/platform/uploads/uploads.repo.ts';
import { testAppConfig, type TestAppOptions } from '../support/app.ts';
import type { CreatedClient } from '../support/clients.ts';
import type { TestDatabase } from '../support/database.ts';
import { outboxRows, sealedParamsOf, TEST_PUBLIC_URL, testOutbox } from '../support/mail.ts';
import { minimalPdf, photo } from '../support/upload-files.ts';
import { CITY_CARD, clock, sportsCentre, type SportsCentre } from './cards-support.ts';

/** The PESEL sealing and index the test apps use (their DATA_KEY). */
export const nationalIds = nationalIdProtector(testAppConfig());

/** A tenant issuing the city card, its client signed in, a clerk's and a manager's browsers. */
export function cityCentre(database: TestDatabase, options: { limits?: TestAppOptions['limits'] } = {}) {
  return sportsCentre(database, { modules: ['registration', 'city_card'], issues: CITY_CARD, ...options });
}

let serialsUsed = 0;
/** A valid PESEL of someone born on the day (YYYY-MM-DD), told apart from others by its serial (a new one unless given). */
export function peselBornOn(birthDate: string, serial = (serialsUsed = (serialsUsed + 7) % 10_000)): string {
  return makePesel({ ...fromIsoDate(birthDate), serial });
}

/** The parts of an application a test may leave out. */
export type LeftOut = 'address' | 'representative' | 'idDocument' | 'photo' | 'proof';

export interface CityApplicationOptions {
  /** The holder's PESEL, or their birth date (a PESEL is made for it); an adult's by default. */
  pesel?: string;
  birthDate?: string;
  firstName?: string;
  lastName?: string;
  incapacity?: Incapacity;
  /** A discount claimed, its proof attached unless left out. */
  discount?: { kind: DiscountKind; validUntil: string };
  leaveOut?: readonly LeftOut[];
  /** Who applies: the centre's signed-in client unless another is given. */
  applicant?: Pick<CreatedClient, 'id'>;
  /** Submitted by the applicant (the default), or left a draft. */
  submit?: boolean;
}

export interface CityApplication {
  cardId: string;
  reference: string;
  pesel: string;
}

/** A city card application of the holder, made and (unless asked not to) submitted now by the clock. */
export async function submittedCityApplication(
  database: TestDatabase,
  centre: Pick<SportsCentre, 'tenant' | 'cardType'> & { client: Pick<CreatedClient, 'id'> },
  options: CityApplicationOptions = {},
): Promise<CityApplication> {
  const pesel = options.pesel ?? peselBornOn(options.birthDate ?? '1985-06-15');
  const parsed = parsePesel(pesel);
  if (!parsed.ok) throw new Error(`not a PESEL: ${parsed.reason}`);
  // As the form takes it: from the PESEL.
  const birthDate = toIsoDate(parsed.pesel.birthDate);
  const { tenant, cardType } = centre;
  const applicant = options.applicant ?? centre.client;
  const leftOut = new Set(options.leaveOut ?? []);
  const incapacity = options.incapacity ?? 'none';
  const now = clock.now();
  const cardId = randomUUID();
  const context: ServiceContext = {
    tenant,
    actor: { kind: 'client', clientId: applicant.id },
    requestId: 'city-support',
  };
  const photoBytes = await photo({ width: 350, height: 450 });
  const reference = await withTenant(database.app, tenant.id, async (trx) => {
    const holder = sealHolder(nationalIds, tenant.id, cardId, pesel);
    const inserted = await insertHolderDraft(trx, {
      id: cardId,
      cardTypeId: cardType.id,
      clientId: applicant.id,
      holder,
      now,
    });
    if (!inserted) throw new Error('the holder has a card of the type in play');
    const holderDetails = {
      firstName: options.firstName ?? 'Ola',
      lastName: options.lastName ?? 'Nowak',
      birthDate,
      incapacity,
    };
    const made = await insertApplication(trx, { cardId, holder: holderDetails, now });
    const owner = { kind: 'client' as const, clientId: applicant.id };
    const store = (purpose: typeof CITY_CARD_PHOTO, fileName: string, mediaType: string, content: Buffer) =>
      storeUpload(trx, purpose, { owner, fileName, mediaType, content, now });
    const [relation] = relationsFor(
      routeOf({ holderBirthDate: birthDate, incapacity }, calendarDayIn(tenant.timeZone, now)),
    );
    const change: ApplicationChange = {
      ...(leftOut.has('address')
        ? {}
        : { address: { street: 'ul. Lipowa 1', postalCode: '65-001', city: 'Zielonka' } }),
      ...(relation && !leftOut.has('representative')
        ? { representative: { name: 'Jan Nowak', relation, declaredAt: now } }
        : {}),
      ...(leftOut.has('idDocument') ? {} : { idDocument: { kind: 'id_card', number: 'ABC123456' } }),
      ...(leftOut.has('photo')
        ? {}
        : { photoUploadId: await store(CITY_CARD_PHOTO, 'zdjecie.jpg', 'image/jpeg', photoBytes) }),
      ...(options.discount ? { discount: options.discount } : {}),
      ...(options.discount && !leftOut.has('proof')
        ? { proofUploadId: await store(CITY_CARD_PROOF, 'legitymacja.pdf', 'application/pdf', minimalPdf()) }
        : {}),
    };
    await changeApplication(trx, cardId, change, now);
    if (options.submit !== false) {
      await changeApplication(trx, cardId, { submittedAt: now }, now);
      const draft = (await cardById(trx, cardId))!;
      const deps = { clock, outbox: testOutbox(clock), nationalIds };
      const step = await moveCard(trx, deps, context, { card: draft, type: cardType, name: 'submit' });
      if (step.kind !== 'taken') throw new Error(`the application could not be submitted: ${step.why}`);
    }
    return made;
  });
  return { cardId, reference, pesel };
}

const renderMail = createMailRenderer({ i18n: createI18n(), publicUrl: TEST_PUBLIC_URL, cache: true });

/** The card mails the tenant queued, oldest first: their parameters and their text as rendered in Polish. */
export async function cardMailsAt(database: TestDatabase, tenant: Tenant) {
  const rows = (await outboxRows(database)).filter(
    (row) => row.tenant_id === tenant.id && row.template === 'card-state',
  );
  return rows.map((row) => {
    const params = sealedParamsOf(row);
    const text = renderMail({ template: CARD_STATE_MAIL, locale: 'pl', tenant, params }).text;
    return { to: row.recipient, params, text: text.replace(/\s+/g, ' ') };
  });
}

/** The steps taken on the card by the centre's clerk, in order, as the review page takes them (a return's reasons given). */
export async function takeSteps(
  database: TestDatabase,
  centre: Pick<SportsCentre, 'tenant' | 'cardType'> & { clerk: Pick<SportsCentre['clerk'], 'id'> },
  cardId: string,
  steps: readonly TransitionName[],
): Promise<void> {
  const context: ServiceContext = {
    tenant: centre.tenant,
    actor: { kind: 'staff', staffId: centre.clerk.id, role: 'clerk' },
    requestId: 'city-support',
  };
  const deps = { clock, outbox: testOutbox(clock), nationalIds };
  await withTenant(database.app, centre.tenant.id, async (trx) => {
    for (const name of steps) {
      const card = (await cardById(trx, cardId))!;
      const reasons = name === 'return' || name === 'reject' ? { reasons: 'Zdjęcie jest nieostre.' } : {};
      const step = await moveCard(trx, deps, context, { card, type: centre.cardType, name, ...reasons });
      if (step.kind !== 'taken') throw new Error(`${name} refused: ${step.why}`);
    }
  });
}
