// The staff section's route matrix (issues #18, #19), generated from every feature's
// tenantAdmin routers: every route and method found in their Express stacks is requested as
// each kind of visitor (nobody, a client of the tenant, a clerk, a manager, a manager of another
// tenant whose cookie is replanted under this tenant's name) and must answer as the table
// below says. A route the table does not name fails the test, so a new route cannot be left
// out of it; an entry no route has fails it too.
import type { Router } from 'express';
import type request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { FEATURES, featureHooks } from '../../src/features/index.ts';
import { detailsVersion } from '../../src/features/accounts/index.ts';
import { openAccount } from '../../src/features/money/index.ts';
import { insertBuilding, insertFee, insertPremises, insertRight } from '../../src/features/housing/premises.repo.ts';
import { IMPORT_UPLOAD } from '../../src/features/housing/import/import-upload.service.ts';
import { storeUpload } from '../../src/platform/uploads/uploads.repo.ts';
import { insertImportedNumbers } from '../../src/features/housing/account-numbers/account-numbers.repo.ts';
import { nrbFromTemplate } from '../../src/lib/nrb.ts';
import { cardTypeById, insertCardType } from '../../src/features/cards/card-types.repo.ts';
import { insertPassType } from '../../src/features/cards/passes/pass-types.repo.ts';
import { activeCardWithPass, passTypeFor } from '../cards/passes-support.ts';
import { CITY_CARD } from '../cards/cards-support.ts';
import { peselBornOn, submittedCityApplication } from '../cards/city-support.ts';
import type { CardType } from '../../src/features/cards/cards.types.ts';
import type { Module, Tenant } from '../../src/platform/tenancy/tenant.ts';
import { completeDraftInTable } from '../cards/city-apply-support.ts';
import { photo } from '../support/upload-files.ts';
import { DOCUMENT, readyCard } from '../cards/city-handover-support.ts';
import { activeInTable, askingInTable } from '../cards/city-changes-support.ts';
import { sellBearerCard } from '../../src/features/cards/city/handover/bearer.service.ts';
import { digestOf } from '../../src/features/cards/city/ticketing/ticketing.service.ts';
import { asTenantId, withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { limitsOf } from '../../src/platform/feature.ts';
import { createKeyedHash } from '../../src/platform/crypto/keyed-hash.ts';
import { createRateLimit } from '../../src/platform/http/rate-limit.ts';
import { sessionCookieName } from '../../src/platform/sessions/tenant-sessions.ts';
import { testAppConfig } from '../support/app.ts';
import { createActiveClient, createClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { insertFrontDesk, listFrontDesks } from '../../src/features/portal/index.ts';
import { frontDeskInput } from '../support/factories.ts';
import { filledIn, findForm, formIn } from '../support/forms.ts';
import { csrfTokenIn, newAgent, signInAs, type Agent } from '../support/sessions.ts';
import { createActiveStaff, mintStaffSession } from '../support/staff.ts';
import { staffPortal, type StaffPortal } from '../support/staff-browser.ts';
import { loadedRegistry, testOutbox } from '../support/mail.ts';

const db = useTestDatabase();
/** A front desk's form filled in right. */
const DESK = {
  name: 'Macierz',
  street: 'ul. Okienkowa 3',
  postalCode: '00-003',
  city: 'Testowo',
  hours1: '08:00-16:00',
};
const desksOf = (tenantId: TenantId) => withTenant(db.current.app, tenantId, (trx) => listFrontDesks(trx));
const clock = controllableClock(new Date('2026-12-08T09:00:00Z'));
/** An import file with its header and no rows: checked and imported, it books nothing. */
const IMPORT_HEADER = 'id;lokal;fundusz;rodzaj;data;termin;kwota;tytuł\r\n';

/** The forms of a city card application's parts, filled in right for the draft completeDraftInTable makes. */
const APPLICATION_PARTS: Readonly<Record<string, Record<string, string>>> = {
  holder: { firstName: 'Kuba', lastName: 'Macierz', pesel: '', incapacity: 'none' },
  address: { street: 'ul. Macierzowa 2', postalCode: '00-002', city: 'Testowo' },
  representative: { representativeName: 'Jan Macierz', relation: 'parent', declaration: 'yes' },
  'id-document': { idKind: 'school_id', idNumber: 'LS54321' },
  discount: { discountKind: 'none', validUntil: '' },
  submission: {},
};

type Visitor = 'anonymous' | 'client' | 'clerk' | 'manager' | 'otherTenantStaff';
const VISITORS: readonly Visitor[] = ['anonymous', 'client', 'clerk', 'manager', 'otherTenantStaff'];

/** What a route is: who may open it decides every visitor's answer. */
type Access =
  /** The sign-in and its links: open to anyone, whatever session the browser holds. */
  | { kind: 'public'; answers: Readonly<Record<Visitor, number>> }
  /** Behind requireStaff: any active member of staff. */
  | { kind: 'staff' }
  /** Behind requireStaff and allow(a manager's action). */
  | { kind: 'manager' };

/** A public route that answers every visitor alike, but for those named. */
const open = (status: number, except: Partial<Record<Visitor, number>> = {}): Access => ({
  kind: 'public',
  answers: {
    ...(Object.fromEntries(VISITORS.map((visitor) => [visitor, status])) as Record<Visitor, number>),
    ...except,
  },
});

/**
 * Every admin route by "METHOD path" (relative to /admin). A public route lists its answer for
 * each visitor: the sign-in pages need no session, and answer a member already signed in as
 * anyone else, but for the sign-in form itself.
 */
const EXPECTED: Readonly<Record<string, Access>> = {
  'GET /': { kind: 'staff' },
  // Already signed in: on to the dashboard.
  'GET /sign-in': open(200, { clerk: 303, manager: 303 }),
  // An empty form: the page again with its errors.
  'POST /sign-in': open(422),
  // No password step behind it: back to the sign-in.
  'GET /sign-in/code': open(303),
  // An empty code: the form's check answers first.
  'POST /sign-in/code': open(422),
  'POST /sign-out': open(303),
  // Enrolment follows a password step; without one, back to the sign-in.
  'GET /enrol': open(303),
  'POST /enrol': open(303),
  'GET /enrol/recovery-codes': { kind: 'staff' },
  // No token: the dead link's page.
  'GET /invitation': open(410),
  'POST /invitation': open(410),
  'GET /password-reset': open(410),
  'POST /password-reset': open(410),
  'GET /staff': { kind: 'manager' },
  'GET /staff/invite': { kind: 'manager' },
  'POST /staff/invite': { kind: 'manager' },
  'POST /staff/:id/role': { kind: 'manager' },
  'GET /staff/:id/disable': { kind: 'manager' },
  'POST /staff/:id/disable': { kind: 'manager' },
  'POST /staff/:id/reset-password': { kind: 'manager' },
  'POST /staff/:id/reset-totp': { kind: 'manager' },
  'GET /audit': { kind: 'manager' },
  'GET /audit.csv': { kind: 'manager' },
  // The counter (issue #19).
  'GET /clients': { kind: 'staff' },
  'POST /clients': { kind: 'staff' },
  'GET /clients/new': { kind: 'staff' },
  'POST /clients/new': { kind: 'staff' },
  'GET /clients/:id/handover': { kind: 'staff' },
  'GET /clients/:id': { kind: 'staff' },
  'POST /clients/:id/sessions/end': { kind: 'staff' },
  'POST /clients/:id/unlock': { kind: 'staff' },
  'GET /clients/:id/activation-link': { kind: 'staff' },
  'POST /clients/:id/activation-link': { kind: 'staff' },
  'POST /clients/:id/reactivation': { kind: 'staff' },
  'POST /clients/:id/reopening': { kind: 'staff' },
  'GET /clients/:id/details': { kind: 'staff' },
  'POST /clients/:id/details': { kind: 'staff' },
  'GET /clients/:id/access': { kind: 'staff' },
  'POST /clients/:id/access': { kind: 'staff' },
  'GET /clients/:id/deactivation': { kind: 'staff' },
  'POST /clients/:id/deactivation': { kind: 'staff' },
  'GET /mail-problems': { kind: 'staff' },
  'POST /mail-problems/:id/resend': { kind: 'staff' },
  'GET /accounts/:id': { kind: 'staff' },
  'POST /accounts/:id/payments': { kind: 'staff' },
  // The tenant's settings (issue #19): a manager's alone.
  'GET /settings': { kind: 'manager' },
  ...Object.fromEntries(
    ['registration', 'sessions', 'lockout', 'contact', 'modules', 'branding', 'housing', 'cards'].flatMap((group) => [
      [`GET /settings/${group}`, { kind: 'manager' }],
      [`POST /settings/${group}`, { kind: 'manager' }],
    ]),
  ),
  'POST /settings/branding/preview': { kind: 'manager' },
  'GET /settings/desks': { kind: 'manager' },
  'GET /settings/desks/new': { kind: 'manager' },
  'POST /settings/desks/new': { kind: 'manager' },
  'GET /settings/desks/:id': { kind: 'manager' },
  'POST /settings/desks/:id': { kind: 'manager' },
  'GET /settings/desks/:id/removal': { kind: 'manager' },
  'POST /settings/desks/:id/removal': { kind: 'manager' },
  // Payments (issue #20): the list is the counter's, the reconciliation a manager's.
  // Cards (issue #22): a card at the counter is the counter's, the card types a manager's.
  'GET /cards/types': { kind: 'manager' },
  'POST /cards/types': { kind: 'manager' },
  'GET /cards/types/:id': { kind: 'manager' },
  'POST /cards/types/:id': { kind: 'manager' },
  // The pass catalogue, a manager's as the card types are.
  'GET /cards/passes': { kind: 'manager' },
  'POST /cards/passes': { kind: 'manager' },
  'GET /cards/passes/:id': { kind: 'manager' },
  'POST /cards/passes/:id': { kind: 'manager' },
  'GET /cards/:id': { kind: 'staff' },
  'POST /cards/:id/transitions': { kind: 'staff' },
  'POST /cards/:id/passes': { kind: 'staff' },
  'POST /cards/:id/entries': { kind: 'staff' },
  'POST /cards/:id/entitlements': { kind: 'staff' },
  // The review of city card applications (issue #23): the counter's work, and their files.
  'GET /cards/applications': { kind: 'staff' },
  'GET /cards/applications/:id': { kind: 'staff' },
  'GET /cards/applications/:id/photo': { kind: 'staff' },
  'GET /cards/applications/:id/proof': { kind: 'staff' },
  'POST /cards/applications/:id/transitions': { kind: 'staff' },
  // The city card (issue #23): its handover and the bearer cards are the counter's, the files for
  // the ticketing system a manager's.
  'POST /cards/:id/handover': { kind: 'staff' },
  // A city card holder's change of data by request, asked for and completed at the counter.
  'POST /cards/:id/changes/address': { kind: 'staff' },
  'POST /cards/:id/changes/name': { kind: 'staff' },
  'POST /cards/:id/changes/discount': { kind: 'staff' },
  'POST /cards/:id/changes/cancel': { kind: 'staff' },
  'POST /cards/:id/changes/complete': { kind: 'staff' },
  'GET /cards/bearer/new': { kind: 'staff' },
  'POST /cards/bearer': { kind: 'staff' },
  'GET /cards/bearer/:id': { kind: 'staff' },
  'POST /cards/bearer/:id/block': { kind: 'staff' },
  'GET /cards/ticketing': { kind: 'manager' },
  'GET /cards/ticketing/hot-list.csv': { kind: 'manager' },
  'GET /cards/ticketing/pending-loads.csv': { kind: 'manager' },
  'POST /cards/ticketing/pending-loads/exported': { kind: 'manager' },
  // An application for a card made at the counter for a client.
  'POST /clients/:id/cards': { kind: 'staff' },
  // A city card application entered from a paper form (cards.apply: clerks and managers).
  'GET /clients/:id/city-cards/new': { kind: 'staff' },
  'POST /clients/:id/city-cards': { kind: 'staff' },
  'GET /cards/:id/application-form': { kind: 'staff' },
  'GET /cards/:id/application-form/photo': { kind: 'staff' },
  'POST /cards/:id/application-form/holder': { kind: 'staff' },
  'POST /cards/:id/application-form/address': { kind: 'staff' },
  'POST /cards/:id/application-form/representative': { kind: 'staff' },
  'POST /cards/:id/application-form/id-document': { kind: 'staff' },
  'POST /cards/:id/application-form/photo': { kind: 'staff' },
  'POST /cards/:id/application-form/discount': { kind: 'staff' },
  'POST /cards/:id/application-form/submission': { kind: 'staff' },
  'GET /payments': { kind: 'staff' },
  'GET /payments/reconciliation': { kind: 'manager' },
  'GET /payments/reconciliation.csv': { kind: 'manager' },
  // Housing (issue #21): a client's rights to premises, the counter's work.
  'GET /clients/:id/premises': { kind: 'staff' },
  'POST /clients/:id/premises': { kind: 'staff' },
  'POST /clients/:id/premises/:right/end': { kind: 'staff' },
  'GET /premises': { kind: 'staff' },
  'GET /premises/:id': { kind: 'staff' },
  'POST /premises/:id/charges': { kind: 'manager' },
  // The import from the accounting system (issue #21): a manager's; a file is its sender's only.
  'GET /premises/import': { kind: 'manager' },
  'POST /premises/import': { kind: 'manager' },
  'GET /premises/import/:id': { kind: 'manager' },
  'POST /premises/import/:id': { kind: 'manager' },
  // Buildings and premises: everyone sees them, a manager adds and corrects them.
  'GET /buildings': { kind: 'staff' },
  'GET /buildings/new': { kind: 'manager' },
  'POST /buildings/new': { kind: 'manager' },
  'GET /buildings/:id': { kind: 'staff' },
  'GET /buildings/:id/edit': { kind: 'manager' },
  'POST /buildings/:id/edit': { kind: 'manager' },
  'GET /buildings/:id/premises/new': { kind: 'manager' },
  'POST /buildings/:id/premises/new': { kind: 'manager' },
  'GET /premises/:id/edit': { kind: 'manager' },
  'POST /premises/:id/edit': { kind: 'manager' },
  'GET /account-numbers': { kind: 'manager' },
  'POST /account-numbers': { kind: 'manager' },
  // What a premises is charged (a manager's) and what its meters show (the counter's).
  'GET /premises/:id/fees': { kind: 'staff' },
  'POST /premises/:id/fees': { kind: 'manager' },
  'POST /premises/:id/fees/rates': { kind: 'manager' },
  'POST /premises/:id/fees/end': { kind: 'manager' },
  'GET /premises/:id/allowances': { kind: 'staff' },
  'POST /premises/:id/allowances': { kind: 'manager' },
  'GET /premises/:id/settlements': { kind: 'staff' },
  'POST /premises/:id/settlements': { kind: 'manager' },
  'GET /premises/:id/meters': { kind: 'staff' },
  'POST /premises/:id/meters': { kind: 'staff' },
};

/** Routes that end the visitor's session: sent from a browser of their own, so the rest keep theirs. */
const ENDS_SESSION: ReadonlySet<string> = new Set(['POST /sign-out']);

interface RouteEntry {
  method: string;
  path: string;
}

interface StackLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: StackLayer[] };
}

/** Every route and method of the routers, sub-routers included (the admin paths are literal). */
function routesOf(routers: readonly Router[]): RouteEntry[] {
  const found: RouteEntry[] = [];
  const walk = (stack: readonly StackLayer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') found.push({ method: method.toUpperCase(), path: layer.route.path });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  for (const router of routers) walk((router as unknown as { stack: StackLayer[] }).stack);
  return found;
}

/** Every feature's tenantAdmin routers, built as createApp builds them. */
async function adminRoutes(): Promise<RouteEntry[]> {
  const config = testAppConfig();
  const shared = {
    config,
    db: db.current.app,
    clock,
    registry: await loadedRegistry(db.current),
    outbox: testOutbox(clock),
    rateLimit: createRateLimit(db.current.app),
    subjectHash: createKeyedHash(config.dataKey, 'rate-limit:subject'),
    secureCookies: false,
  };
  const services = { ...shared, ...featureHooks(shared) };
  return routesOf(
    FEATURES.flatMap((feature) => feature.routers?.({ ...services, limits: limitsOf(feature) }).tenantAdmin ?? []),
  );
}

/** A dead mail of the tenant, written straight into the outbox (a notice: sending it again is refused with a reason). */
async function deadMail(tenantId: string): Promise<string> {
  const id = crypto.randomUUID();
  await withTenant(db.current.app, asTenantId(tenantId), (trx) =>
    trx('mail_outbox').insert({
      id,
      idempotency_key: `matrix:${id}`,
      recipient: 'matrix@example.org',
      template: 'mail-check',
      locale: 'en',
      status: 'dead',
      attempts: 1,
      created_at: clock.now(),
      next_attempt_at: clock.now(),
      finished_at: clock.now(),
    }),
  );
  return id;
}

/** A new money account of a client of the tenant. */
async function moneyAccountAt(tenantId: TenantId): Promise<string> {
  const owner = await createActiveClient(db.current.app, tenantId);
  const account = await withTenant(db.current.app, tenantId, (trx) =>
    openAccount(trx, {
      ownerKind: 'client',
      ownerId: owner.id,
      currency: 'PLN',
      kind: 'fees',
      name: 'Opłaty',
      openedOn: '2026-01-01',
    }),
  );
  return account.id;
}

/** A form's fields as name-value pairs, a field of several values once for each. */
const formPairs = (body: Record<string, string | string[]>): [string, string][] =>
  Object.entries(body).flatMap(([name, value]) => [value].flat().map((one): [string, string] => [name, one]));

/** A member's id for a route that names one: a new clerk each time, as the request may change them. */
type IdChoice = 'member' | 'unknown' | 'malformed' | 'otherTenant';

describe('the admin route matrix', () => {
  let routes: RouteEntry[];
  let send: (visitor: Visitor, route: RouteEntry, id: IdChoice) => Promise<request.Response>;
  let answerOf: (response: request.Response) => string;

  it('has an expectation for every admin route and a route for every expectation', async () => {
    const keys = (await adminRoutes()).map((route) => `${route.method} ${route.path}`);
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((key) => !(key in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((key) => !keys.includes(key))).toEqual([]);
  });

  beforeAll(async () => {
    routes = await adminRoutes();
    // Both tenants issue the city card too, for its review's routes.
    const modules: Module[] = ['registration', 'client_card', 'city_card'];
    const portal = await staffPortal(db.current, clock, { modules });
    const { app, slug, tenant } = portal;
    const other = await staffPortal(db.current, clock, { modules });
    const strangerClerk = await createActiveStaff(db.current.app, other.tenant.id, { role: 'clerk' });
    const clerk = await createActiveStaff(db.current.app, tenant.id, { role: 'clerk' });
    const client = await createActiveClient(db.current.app, tenant.id);

    // Each visitor's browser, and a page it may open for its CSRF token.
    const browsers: Record<Visitor, Agent> = {
      anonymous: newAgent(app),
      client: newAgent(app),
      clerk: await portal.as(clerk),
      manager: await portal.as(portal.manager),
      otherTenantStaff: newAgent(app),
    };
    await signInAs(browsers.client, slug, client);
    // The other tenant's manager's session, its cookie renamed for this tenant: it counts for nothing here.
    const foreign = await mintStaffSession(db.current.app, other.tenant, other.manager, clock);
    const replanted = foreign
      .split(';')[0]!
      .replace(`${sessionCookieName(other.tenant, 'staff', false)}=`, `${sessionCookieName(tenant, 'staff', false)}=`);
    browsers.otherTenantStaff.jar.setCookie(replanted, '127.0.0.1', '/');

    const tokens = {} as Record<Visitor, string>;
    for (const visitor of VISITORS) {
      const page = visitor === 'clerk' || visitor === 'manager' ? `/${slug}/admin/` : `/${slug}/admin/sign-in`;
      const shown = await browsers[visitor].get(page);
      expect([visitor, shown.status]).toEqual([visitor, 200]);
      tokens[visitor] = csrfTokenIn(shown.text);
    }

    const strangerClient = await createActiveClient(db.current.app, other.tenant.id);
    const strangerMail = await deadMail(other.tenant.id);
    /** A route under /clients names a client, under /mail-problems a dead mail, any other a member of staff. */
    const idFor = async (choice: IdChoice, path: string): Promise<string> => {
      const ofClient = path.startsWith('/clients/');
      const ofMail = path.startsWith('/mail-problems/');
      const ofDesk = path.startsWith('/settings/desks/');
      const ofAccount = path.startsWith('/accounts/');
      if (choice === 'unknown') return crypto.randomUUID();
      if (choice === 'malformed') return 'not-a-uuid';
      if (choice === 'otherTenant' && ofDesk) return (await desksOf(other.tenant.id))[0]!.id;
      if (ofAccount) return moneyAccountAt(choice === 'otherTenant' ? other.tenant.id : tenant.id);
      if (path.startsWith('/cards/types/'))
        return matrixCardType(choice === 'otherTenant' ? other.tenant.id : tenant.id);
      if (path.startsWith('/cards/passes/'))
        return matrixPassType(choice === 'otherTenant' ? other.tenant.id : tenant.id);
      if (path.startsWith('/cards/applications/')) {
        return matrixApplication(choice === 'otherTenant' ? other.tenant : tenant);
      }
      if (choice === 'member' && (path === '/cards/:id/passes' || path === '/cards/:id/entries')) {
        return matrixCardWithPass();
      }
      // A complete city card application's draft of a new client of this tenant (another's: a card there).
      if (path.startsWith('/cards/:id/application-form') && choice === 'member') {
        const applicant = await createActiveClient(db.current.app, tenant.id);
        const cardTypeId = (await cityTypeAt(tenant)).id;
        const at = { tenantId: tenant.id, cardTypeId, clientId: applicant.id, now: clock.now() };
        return completeDraftInTable(db.current.app, at);
      }
      if (path.startsWith('/cards/bearer/')) return matrixBearerCard(choice === 'otherTenant' ? other : portal);
      if (choice === 'member' && path === '/cards/:id/handover') {
        const clerkOf = { id: portal.manager.id };
        return readyCard(db.current, { tenant, cardType: await cityTypeAt(tenant), client, clerk: clerkOf });
      }
      // An active city card for a change's request; one with an open request to cancel or complete.
      if (choice === 'member' && path.startsWith('/cards/:id/changes/')) {
        const issuer = { tenant, cardType: await cityTypeAt(tenant), client, clerk: { id: portal.manager.id } };
        const asking = path.endsWith('/cancel') || path.endsWith('/complete');
        return (asking ? askingInTable : activeInTable)(db.current, issuer);
      }
      if (path.startsWith('/cards/')) return matrixCard(choice === 'otherTenant' ? other.tenant.id : tenant.id);
      if (path.startsWith('/premises/import/')) {
        const [at, sender] =
          choice === 'otherTenant' ? [other.tenant.id, other.manager.id] : [tenant.id, portal.manager.id];
        return withTenant(db.current.app, at, (trx) =>
          storeUpload(trx, IMPORT_UPLOAD, {
            owner: { kind: 'staff', staffId: sender },
            fileName: 'macierz.csv',
            mediaType: 'text/csv',
            content: Buffer.from(IMPORT_HEADER),
            outcome: { rows: 0, booked: 0, alreadyBooked: 0 },
            now: clock.now(),
          }),
        );
      }
      if (path.startsWith('/premises/'))
        return choice === 'otherTenant' ? crypto.randomUUID() : (await matrixPremises()).id;
      if (path.startsWith('/buildings/')) return matrixBuilding(choice === 'otherTenant' ? other.tenant.id : tenant.id);
      if (choice === 'otherTenant') return ofMail ? strangerMail : ofClient ? strangerClient.id : strangerClerk.id;
      if (ofMail) return deadMail(tenant.id);
      // A new desk each time, as the request may change or remove it.
      if (ofDesk) return withTenant(db.current.app, tenant.id, (trx) => insertFrontDesk(trx, frontDeskInput()));
      // An activation link is for a client who is not yet an account (createClient: counter only).
      if (path.endsWith('/activation-link')) return (await createClient(db.current.app, tenant.id)).id;
      if (ofClient) return (await createActiveClient(db.current.app, tenant.id)).id;
      return (await createActiveStaff(db.current.app, tenant.id, { role: 'clerk' })).id;
    };
    /** A card type of the tenant, new each time (its code and prefix its own). */
    let cardTypesMade = 0;
    const matrixCardType = async (tenantId: TenantId): Promise<string> => {
      cardTypesMade += 1;
      const id = await withTenant(db.current.app, tenantId, (trx) =>
        insertCardType(trx, {
          code: `macierz-${cardTypesMade}`,
          name: 'Macierz',
          workflow: 'client_card',
          activationFee: 100,
          currency: 'PLN',
          numberPrefix: String(80_000_000 + cardTypesMade),
          numberLength: 12,
          checkDigit: 'luhn',
        }),
      );
      return id!;
    };
    /** What a pass form posts for each card with a pass: its pass type's code and the pass. */
    const passOfCard = new Map<string, { passTypeCode: string; passId: string }>();
    /** An active card of a new client of the tenant with a pass of 30 days on it, and a pass type it sells. */
    const matrixCardWithPass = async (): Promise<string> => {
      const typeId = await matrixCardType(tenant.id);
      const cardType = (await withTenant(db.current.app, tenant.id, (trx) => cardTypeById(trx, typeId)))!;
      const passType = await passTypeFor(db.current.app, tenant, cardType);
      const holder = await createActiveClient(db.current.app, tenant.id);
      const made = await activeCardWithPass(db.current.app, { tenant, cardType, passType, clientId: holder.id, clock });
      passOfCard.set(made.cardId, { passTypeCode: passType.code, passId: made.passId });
      return made.cardId;
    };
    /** A pass type of the tenant, for a new card type of its own. */
    const matrixPassType = async (tenantId: TenantId): Promise<string> => {
      const cardTypeId = await matrixCardType(tenantId);
      const id = await withTenant(db.current.app, tenantId, (trx) =>
        insertPassType(trx, {
          cardTypeId,
          code: `macierz-${cardTypesMade}`,
          name: 'Macierz',
          facility: 'Macierz',
          price: 1_000,
          reducedPrice: 500,
          reducedFor: 'student',
          reducedLeft: 5,
          validityDays: 30,
          entries: null,
          onSale: true,
        }),
      );
      return id!;
    };
    /** The tenants' city card types, made once each. */
    const cityTypes = new Map<string, Promise<CardType>>();
    const cityTypeAt = (at: Tenant) => {
      let type = cityTypes.get(at.id);
      if (!type) {
        type = withTenant(db.current.app, at.id, (trx) => insertCardType(trx, CITY_CARD)).then((id) => ({
          id: id!,
          ...CITY_CARD,
        }));
        cityTypes.set(at.id, type);
      }
      return type;
    };
    /** A city card application of the tenant, submitted with a photo and a discount's proof, a new holder each time. */
    let holdersMade = 0;
    const matrixApplication = async (at: Tenant): Promise<string> => {
      const client = await createActiveClient(db.current.app, at.id);
      const application = await submittedCityApplication(
        db.current,
        { tenant: at, cardType: await cityTypeAt(at), client },
        {
          pesel: peselBornOn('1985-06-15', (holdersMade += 1)),
          discount: { kind: 'senior', validUntil: '2030-01-01' },
        },
      );
      return application.cardId;
    };
    let receipts = 0;
    /** A bearer card sold at the tenant by its manager, new each time (the request may block it). */
    const matrixBearerCard = async (at: StaffPortal): Promise<string> => {
      const cardType = await cityTypeAt(at.tenant);
      const context = {
        tenant: at.tenant,
        actor: { kind: 'staff', staffId: at.manager.id, role: 'manager' },
        requestId: 'matrix',
      } as const;
      const load = { kind: 'top_up', amount: 2_000 } as const;
      const paid = { source: 'cash', receiptNumber: `KP/B/${(receipts += 1)}` } as const;
      const sold = await sellBearerCard({ db: db.current.app, clock, outbox: testOutbox(clock) }, context, {
        form: { cardType: cardType.code, load, paid },
        topUpTitle: 'Doładowanie',
        depositTitle: 'Kaucja',
        paymentTitle: 'Wpłata',
      });
      if (sold.kind !== 'sold') throw new Error(`no bearer card sold: ${sold.kind}`);
      return sold.id;
    };
    /** A card of a new client of the tenant, submitted and waiting for a clerk. */
    const matrixCard = async (tenantId: TenantId): Promise<string> => {
      const typeId = await matrixCardType(tenantId);
      const holder = await createActiveClient(db.current.app, tenantId);
      return withTenant(db.current.app, tenantId, async (trx) => {
        const [row] = await trx('cards')
          .insert({ card_type_id: typeId, client_id: holder.id, state: 'submitted', state_since: clock.now() })
          .returning('id');
        return (row as { id: string }).id;
      });
    };
    /** A premises of this tenant, new each time: a link to it is made once per client and kind. */
    let premisesMade = 0;
    const matrixPremises = async (): Promise<{ id: string; code: string }> =>
      withTenant(db.current.app, tenant.id, async (trx) => {
        premisesMade += 1;
        const code = `MATRIX-${premisesMade}`;
        const buildingId = await insertBuilding(trx, {
          street: 'ul. Macierzowa',
          houseNumber: String(premisesMade),
          postalCode: '00-001',
          city: 'Testowo',
        });
        const id = await insertPremises(trx, {
          buildingId,
          number: '1',
          kind: 'residential',
          code,
          areaHundredths: 5_000,
          persons: 1,
          accountNumber: null,
        });
        await openAccount(trx, {
          ownerKind: 'premises',
          ownerId: id,
          currency: 'PLN',
          kind: 'maintenance',
          name: 'Opłaty',
          openedOn: '2026-01-01',
        });
        return { id, code };
      });
    /** A new building of the tenant, at an address of its own. */
    let buildingsMade = 0;
    const matrixBuilding = (tenantId: TenantId): Promise<string> =>
      withTenant(db.current.app, tenantId, (trx) =>
        insertBuilding(trx, {
          street: 'ul. Budynkowa',
          houseNumber: String((buildingsMade += 1)),
          postalCode: '00-002',
          city: 'Testowo',
        }),
      );
    // The bank's account numbers, for the premises a manager adds (the tenant has no template).
    let numbersMade = 0;
    const bankNumber = () => nrbFromTemplate({ sortingCode: '10901014', prefix: '0000099' }, (numbersMade += 1));
    await withTenant(db.current.app, tenant.id, (trx) =>
      insertImportedNumbers(
        trx,
        Array.from({ length: 5 }, (_, index) => ({ number: bankNumber(), line: index + 1 })),
      ),
    );
    /** A running fee component of the premises (of this tenant's), or an id that is none. */
    const runningFee = (premisesId: string): Promise<string> =>
      withTenant(db.current.app, tenant.id, (trx) =>
        insertFee(trx, {
          premisesId,
          fund: 'maintenance',
          title: 'Macierz',
          basis: 'fixed',
          rate: 100,
          validFrom: '2026-01-01',
          validTo: null,
        }),
      ).catch(() => crypto.randomUUID());
    /** The premises' records' forms filled in right (a new premises each time, so none overlaps). */
    const premisesRecordBody = async (path: string, id: string): Promise<Record<string, string> | undefined> => {
      if (path.endsWith('/fees/rates'))
        return { component: await runningFee(id), newRate: '2,00', rateFrom: '2026-12-01' };
      if (path.endsWith('/fees/end')) return { ending: await runningFee(id), lastDay: '2026-12-31' };
      if (path.endsWith('/fees')) {
        return { fund: 'repair_fund', title: 'Macierz', basis: 'fixed', rate: '1,00', validFrom: '2026-12-01' };
      }
      if (path.endsWith('/allowances')) {
        return { title: 'Dodatek', amount: '10,00', validFrom: '2026-12-01', validTo: '2026-12-31' };
      }
      if (path.endsWith('/settlements')) {
        return {
          medium: 'water',
          periodFrom: '2026-01-01',
          periodTo: '2026-06-30',
          consumption: '1',
          cost: '10',
          advances: '5',
          settledOn: '2026-12-08',
          dueOn: '2026-12-20',
        };
      }
      if (path.endsWith('/meters')) return { kind: 'water_cold', meterNumber: 'M-1', readOn: '2026-12-01', value: '1' };
      return undefined;
    };
    /** A running right of the client to a new premises (of this tenant's, whoever the client). */
    const rightOf = async (clientId: string): Promise<string> => {
      const premises = await matrixPremises();
      return withTenant(db.current.app, tenant.id, (trx) =>
        insertRight(trx, {
          premisesId: premises.id,
          clientId,
          kind: 'tenancy',
          validFrom: '2026-01-01',
          validTo: null,
        }),
      );
    };
    let invited = 0;
    /** A settings page's form as the manager's page has it (a desk's, of this tenant or a fresh one's), unchanged. */
    const settingsForm = async (path: string, url: string): Promise<Record<string, string | string[]>> => {
      const ownPage = `/${slug}/admin${path.replace(/\/preview$/, '')}`;
      const page =
        path === '/settings/desks/:id'
          ? url
          : path.startsWith('/settings/desks/')
            ? `/${slug}/admin/settings/desks/new`
            : ownPage;
      const shown = await browsers.manager.get(page);
      // Another tenant's desk, or none: a new desk's form, filled in.
      if (shown.status === 404) return { ...DESK, seen: '' };
      const form = formIn(shown.text, page);
      const fill = page.endsWith('/new') ? DESK : {};
      // Every value of a field sent more than once (the modules' checkboxes), as the browser sends them.
      const body: Record<string, string | string[]> = {};
      for (const [name, value] of filledIn(form, fill).filter(([field]) => field !== '_csrf')) {
        const before = body[name];
        body[name] = before === undefined ? value : [...[before].flat(), value];
      }
      return body;
    };
    /** What a form of the route sends filled in right, so only the visitor and the id decide. */
    const bodyOf = async (path: string, id: string, url: string): Promise<Record<string, string | string[]>> => {
      if (path.startsWith('/premises/:id/')) {
        const premisesBody = await premisesRecordBody(path, id);
        if (premisesBody) return premisesBody;
      }
      if (path.startsWith('/settings/')) return settingsForm(path, url);
      if (path === '/cards/types') {
        cardTypesMade += 1;
        return {
          name: 'Macierz',
          // The tenant issues both kinds of card: the manager chooses.
          workflow: 'client_card',
          code: `nowa-${cardTypesMade}`,
          activationFee: '1,00',
          currency: 'PLN',
          numberPrefix: String(70_000_000 + cardTypesMade),
          numberLength: '12',
          checkDigit: 'damm',
        };
      }
      if (path === '/cards/types/:id') return { name: 'Macierz', activationFee: '2,00' };
      if (path === '/cards/passes') {
        return {
          cardType: await matrixCardType(tenant.id),
          code: `karnet-${cardTypesMade}`,
          name: 'Macierz',
          facility: 'Macierz',
          price: '10,00',
          validityDays: '30',
          entries: '',
          reducedPrice: '',
          reducedFor: 'none',
          reducedLeft: '',
        };
      }
      if (path === '/cards/passes/:id') {
        const terms = { name: 'Macierz', facility: 'Macierz', price: '12,00', reducedPrice: '6,00' };
        return { ...terms, reducedFor: 'senior', reducedLeft: '4', reducedLeftShown: '5', onSale: 'yes' };
      }
      if (path === '/cards/:id/transitions') return { transition: 'return', reasons: 'Macierz' };
      if (path === '/cards/applications/:id/transitions') {
        // The version of the card as its page shows it (any number for a card that is not this tenant's).
        const card = await withTenant(db.current.app, tenant.id, (trx) =>
          trx('cards').where({ id }).first('state_since'),
        ).catch(() => undefined);
        const version = String((card?.state_since as Date | undefined)?.getTime() ?? 0);
        return { transition: 'return', reasons: 'Macierz: zdjęcie do poprawy.', version };
      }
      if (path === '/cards/:id/passes') {
        const passTypeCode = passOfCard.get(id)?.passTypeCode ?? 'macierz';
        return { passType: passTypeCode, price: 'full', source: 'cash', receiptNumber: `KP/M/${(invited += 1)}` };
      }
      if (path === '/cards/:id/entries') return { pass: passOfCard.get(id)?.passId ?? crypto.randomUUID() };
      if (path === '/cards/:id/entitlements') return { kind: 'student', validUntil: '2027-06-30' };
      if (path === '/cards/:id/handover') {
        const checked = { documentChecked: 'yes', documentNumber: DOCUMENT.number, confirmationSigned: 'yes' };
        const load = { load: 'top_up', topUp: '10,00', source: 'cash', receiptNumber: `KP/H/${(invited += 1)}` };
        return { ...checked, photoReturned: 'yes', ...load };
      }
      if (path === '/cards/:id/changes/address')
        return { street: 'ul. Polna 2', postalCode: '65-002', city: 'Zielonka' };
      if (path === '/cards/:id/changes/name') return { firstName: 'Ola', lastName: 'Macierz' };
      if (path === '/cards/:id/changes/discount') return { discountKind: 'none' };
      if (path === '/cards/:id/changes/complete') return { documentNumber: DOCUMENT.number, cardPresented: 'yes' };
      if (path === '/cards/bearer') {
        const cardType = (await cityTypeAt(tenant)).code;
        return { cardType, load: 'top_up', topUp: '20,00', source: 'card', receiptNumber: `KP/S/${(invited += 1)}` };
      }
      if (path === '/cards/ticketing/pending-loads/exported') {
        // The list as the manager's page shows it now; with nothing pending, the empty list.
        const page = await browsers.manager.get(`/${slug}/admin/cards/ticketing`);
        const form = findForm(page.text, `/${slug}/admin/cards/ticketing/pending-loads/exported`);
        if (form) return Object.fromEntries(filledIn(form).filter(([name]) => name !== '_csrf'));
        return { through: clock.now().toISOString(), digest: digestOf([]) };
      }
      // A type of this tenant's, whichever client the path names.
      if (path === '/clients/:id/cards') return { cardType: await matrixCardType(tenant.id) };
      // A new holder each time: one card of a type in play a holder.
      if (path === '/clients/:id/city-cards') {
        const pesel = peselBornOn('1990-05-14', 5000 + (holdersMade += 1));
        return {
          cardType: (await cityTypeAt(tenant)).id,
          firstName: 'Ola',
          lastName: 'Macierz',
          pesel,
          incapacity: 'none',
        };
      }
      const applicationPart = /^\/cards\/:id\/application-form\/(.+)$/.exec(path)?.[1];
      if (applicationPart) return APPLICATION_PARTS[applicationPart] ?? {};
      if (path.endsWith('/details')) return detailsFormOf(id);
      if (path.endsWith('/payments')) return { amount: '12,50', source: 'cash', receiptNumber: 'KP/1' };
      if (path.endsWith('/premises'))
        return { code: (await matrixPremises()).code, kind: 'tenancy', validFrom: '2026-12-01' };
      if (path.endsWith('/end')) return { lastDay: '2026-12-31' };
      if (path === '/buildings/new' || path === '/buildings/:id/edit') {
        return { street: 'ul. Macierzowa', houseNumber: `B${(invited += 1)}`, postalCode: '00-001', city: 'Testowo' };
      }
      if (path === '/buildings/:id/premises/new') {
        const n = (invited += 1);
        return {
          kind: 'residential',
          number: String(n),
          code: `MATRIX-NEW-${n}`,
          area: '48,35',
          persons: '2',
          openedOn: '2026-01-01',
          openingMaintenance: '120,50',
          openingRepairFund: '',
        };
      }
      if (path === '/premises/:id/edit') return { area: '51.20', persons: '3' };
      if (path === '/account-numbers') return { numbers: bankNumber() };
      if (path.endsWith('/charges')) {
        return { fund: 'maintenance', title: 'Macierz', amount: '1,00', bookedOn: '2026-12-01', dueOn: '2026-12-10' };
      }
      if (path.endsWith('/access')) return { method: 'startPassword' };
      if (path.endsWith('/role')) return { role: 'manager' };
      if (path.endsWith('/disable')) return { confirmDisable: 'yes' };
      if (path.endsWith('/deactivation')) return { confirmDeactivate: 'yes' };
      if (path.endsWith('/activation-link')) return { email: `matrix${(invited += 1)}@example.org` };
      if (path === '/staff/invite')
        return { email: `matrix${(invited += 1)}@example.org`, name: '', role: 'clerk', locale: 'en' };
      if (path === '/clients') return { q: 'Kowalska' };
      if (path === '/clients/new') {
        return {
          firstName: 'Ola',
          lastName: `Macierz${'abcdefghijklmnopqrstuvwxyz'[(invited += 1) % 26]}`,
          email: '',
          phone: '',
          locale: 'pl',
          documentType: 'id_card',
          documentEnding: '4821',
          representativeName: '',
          representativeRelation: '',
          access: 'none',
          accepted: 'yes',
        };
      }
      return {};
    };

    /** The visitor's browser, or for a route that ends the session a fresh one of the same kind. */
    const browserFor = async (visitor: Visitor, route: RouteEntry): Promise<[Agent, string]> => {
      if (!ENDS_SESSION.has(`${route.method} ${route.path}`) || (visitor !== 'clerk' && visitor !== 'manager')) {
        return [browsers[visitor], tokens[visitor]];
      }
      const browser = await portal.as(visitor === 'clerk' ? clerk : portal.manager);
      return [browser, csrfTokenIn((await browser.get(`/${slug}/admin/`).expect(200)).text)];
    };

    /** The details form corrected, against the version of the client's details (any, when not ours). */
    const detailsFormOf = async (id: string): Promise<Record<string, string>> => {
      const row = await withTenant(db.current.app, tenant.id, (trx) =>
        trx('clients').where({ id }).first('first_name', 'last_name', 'phone', 'preferred_locale'),
      ).catch(() => undefined);
      const version = detailsVersion({
        firstName: row?.first_name ?? '',
        lastName: row?.last_name ?? '',
        phone: row?.phone ?? null,
        preferredLocale: row?.preferred_locale ?? 'pl',
      });
      return { firstName: 'Ola', lastName: 'Macierz', phone: '', locale: 'pl', version };
    };

    send = async (visitor: Visitor, route: RouteEntry, id: IdChoice): Promise<request.Response> => {
      const resolvedId = await idFor(id, route.path);
      let path = route.path.replace(':id', encodeURIComponent(resolvedId));
      // A right of the client named (of another tenant's client: none here, so a 404 either way).
      if (path.includes(':right')) {
        const right = id === 'member' ? await rightOf(resolvedId) : crypto.randomUUID();
        path = path.replace(':right', right);
      }
      const url = `/${slug}/admin${path}`;
      const [browser, token] = await browserFor(visitor, route);
      if (route.method === 'GET') return browser.get(url);
      // The photo goes as the application's form sends it: multipart, the token first.
      if (route.path === '/cards/:id/application-form/photo') {
        return browser
          .post(url)
          .field('_csrf', token)
          .attach('photo', await photo({ width: 350, height: 450 }), {
            filename: 'macierz.jpg',
            contentType: 'image/jpeg',
          });
      }
      // The import's file goes as the page's form sends it: multipart, the token first.
      if (route.path === '/premises/import') {
        return browser
          .post(url)
          .field('_csrf', token)
          .attach('file', Buffer.from(IMPORT_HEADER), { filename: 'macierz.csv', contentType: 'text/csv' });
      }
      return browser
        .post(url)
        .type('form')
        .send(
          new URLSearchParams(formPairs({ _csrf: token, ...(await bodyOf(route.path, resolvedId, url)) })).toString(),
        );
    };

    answerOf = (response: request.Response): string => {
      const location = String(response.headers.location ?? '');
      if (response.status === 303 && location.startsWith(`/${slug}/admin/sign-in`)) return 'sign-in';
      if (response.status === 403 || response.status === 404) return String(response.status);
      if (response.status >= 200 && response.status < 400) return 'ok';
      return String(response.status);
    };
  });

  const expectedFor = (access: Access, visitor: Visitor, id: IdChoice): string => {
    if (access.kind === 'public') return String(access.answers[visitor]);
    if (visitor === 'anonymous' || visitor === 'client' || visitor === 'otherTenantStaff') return 'sign-in';
    if (access.kind === 'manager' && visitor === 'clerk') return '403';
    return id === 'member' ? 'ok' : '404';
  };

  // One visitor at a time: each a few dozen requests, so none waits long on a busy machine.
  it.each(VISITORS)(
    'answers every admin route as the table says for a visitor: %s',
    async (visitor) => {
      const mismatches: string[] = [];
      let checked = 0;
      for (const route of routes) {
        const access = EXPECTED[`${route.method} ${route.path}`]!;
        const ids: IdChoice[] = route.path.includes(':id')
          ? ['member', 'unknown', 'malformed', 'otherTenant']
          : ['member'];
        for (const id of ids) {
          const response = await send(visitor, route, id);
          const expected = expectedFor(access, visitor, id);
          const got = access.kind === 'public' ? String(response.status) : answerOf(response);
          checked += 1;
          if (got !== expected) {
            mismatches.push(
              `${route.method} ${route.path} as ${visitor} (${id}): expected ${expected}, got ${response.status} ${String(response.headers.location ?? '')}`,
            );
          }
        }
      }
      expect(mismatches).toEqual([]);
      expect(checked).toBeGreaterThan(20);
      // Every admin route, each a real request and most a fixture of their own: minutes on a loaded
      // machine, which says nothing of the routes.
    },
    300_000,
  );
});
