// The demo transport operator's city card (issue #23) for the browser tests: an ID photo as a
// file a person picks in the application's form, and what the page sweep's client holds there:
// an application for a teenager (the demo seeds' Kacper: a representative's consent, a school ID,
// a student discount with its proof, a photo) made through the application's services,
// submitted, and returned by the staff with reasons, so that its page shows them above every
// part's form filled in.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { demoIdPhoto } from '../../../seeds/demo-photo.ts';
import { DEMO_CITY_APPLICATIONS, DEMO_CITY_CARD_TYPE, seedApplication } from '../../../seeds/demo-city-cards.ts';
import { createNationalIdProtector } from '../../../src/features/accounts/clients/national-id.ts';
import { cardTypeByCode } from '../../../src/features/cards/card-types.repo.ts';
import { cardById } from '../../../src/features/cards/cards.repo.ts';
import { moveCard } from '../../../src/features/cards/transitions.ts';
import { systemClock } from '../../../src/lib/clock.ts';
import type { ServiceContext } from '../../../src/platform/service-context.ts';
import { withTenant } from '../../../src/platform/tenancy/tenant-transaction.ts';
import { TEST_DATA_KEY, testOutbox } from '../../support/mail.ts';
import { demoTenant } from './accounts.ts';
import type { BrowserApp } from './harness.ts';

/** A JPEG ID photo (35:45, drawn by sharp; `tint` colours the shirt) saved as a file to upload; resolves with its path. */
export async function idPhotoFile(tint: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'okienko-photo-')), 'zdjecie.jpg');
  await writeFile(file, await demoIdPhoto(tint));
  return file;
}

const TEENAGER = DEMO_CITY_APPLICATIONS.find((demo) => demo.representative)!;

/** The returned application's page's `:id`: its card's. */
export async function cityCardApplicationReturned(e2e: BrowserApp, slug: string, clientId: string): Promise<string> {
  const tenant = demoTenant(e2e, slug);
  const deps = {
    db: e2e.db.app,
    clock: systemClock,
    outbox: testOutbox(systemClock),
    nationalIds: createNationalIdProtector({ dataKey: TEST_DATA_KEY }),
  };
  const cardId = (await seedApplication(deps, tenant, clientId, { ...TEENAGER, steps: [] }))!;
  const staff: ServiceContext = { tenant, actor: { kind: 'operator' }, requestId: 'e2e' };
  await withTenant(e2e.db.app, tenant.id, async (trx) => {
    const card = (await cardById(trx, cardId))!;
    const type = (await cardTypeByCode(trx, DEMO_CITY_CARD_TYPE.code))!;
    const reasons = 'The photo is too dark and the school ID’s scan cannot be read: send both again, please.';
    expect((await moveCard(trx, deps, staff, { card, type, name: 'return', reasons })).kind).toBe('taken');
  });
  return cardId;
}
