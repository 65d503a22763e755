// The housing e-BOK of issue #21 in a real browser, from the counter to the resident's pages,
// in English at the demo cooperative: a clerk adds a new resident in person (the handover sheet
// with a start password), opens the client's page and its premises panel, mistypes a premises'
// code (refused, the error summary leading to the field), then links the resident to SL12-004
// with a tenancy that began some months ago. The resident, in a browser of their own, signs in
// with the start password, is made to choose their own, and from the dashboard reaches the
// premises: the overview (the fees with their basis, the balances, the last payment), the
// balance on a day they pick (and a day before their right began, refused by the field), and the
// turnover narrowed by title, with its CSV.
//
// The clock starts at the current minute (test/support/clock.ts says why never at a fixed date)
// and every day the journey types or expects is worked out from its day: the demo housing is
// seeded as of that day, and the months of SL12-004's ledger, which the demo leaves empty, are
// posted through the money core's services around it, one of them before the resident's right,
// which they must not see.
// Each step is a function of its own, so that a step the e-BOK gains is a function more.
// Every page on the way passes the page sweep's checks (support/journey.ts): axe in two
// displays, reflow at 320 px; an answer with errors is checked as it was answered.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_BUILDINGS, seedDemoHousing } from '../../seeds/demo-housing.ts';
import { monthlyFee } from '../../src/features/housing/index.ts';
import { premisesByCode } from '../../src/features/housing/premises.repo.ts';
import { accountsOf, postCharge, postPayment, type MoneyAccount } from '../../src/features/money/index.ts';
import { decimalOf } from '../../src/lib/money.ts';
import { formatters } from '../../src/platform/i18n/format.ts';
import { asTenantId, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { clockStartingNow, warsawIsoDate } from '../support/clock.ts';
import { demoTenant } from './support/accounts.ts';
import {
  clerkAddsClientInPerson,
  clerkSignsIn,
  clientTakesOverStartPassword,
  useDemoPeople,
  type HandoverSheet,
} from './support/counter.ts';
import { focused, pdfPageCount } from './support/dom.ts';
import { useBrowserApp } from './support/harness.ts';
import { deliverPayments } from './support/payments.ts';
import { accessibilityCheck, follow, heading, pathOf, press, restyle } from './support/journey.ts';
import { texts } from './support/texts.ts';

const SLUG = 'sm-sloneczna';
const LANG = 'en';
const clock = clockStartingNow();
const e2e = useBrowserApp({ file: import.meta.url, app: { clock }, servedAtPublicUrl: true });
const expectAccessible = accessibilityCheck(e2e);
useDemoPeople(e2e);

const t = texts(LANG);
const fmt = formatters(LANG, 'Europe/Warsaw');

/** The clock's day at the cooperative (in Warsaw), the last day the resident may see. */
const TODAY = warsawIsoDate(clock.now());

/** A day of the month `months` from the clock's (negative: before it); day 0 is the last of the month before. */
function dayOfMonth(months: number, day: number): string {
  const [year, month] = TODAY.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + months, day)).toISOString().slice(0, 10);
}
/** A month of the flat's ledger, as the titles of its entries name it: "2026-09". */
const monthOf = (months: number): string => dayOfMonth(months, 1).slice(0, 7);

/** The first day of the resident's tenancy: three months ago, on the 1st. */
const RIGHT_FROM = dayOfMonth(-3, 1);
const RESIDENT = { firstName: 'Zofia', lastName: 'Wróblewska' };
const RESIDENT_NAME = `${RESIDENT.firstName} ${RESIDENT.lastName}`;

const building = DEMO_BUILDINGS.find((demo) => demo.tenantSlug === SLUG)!;
const FLAT = building.premises.find((demo) => demo.code === 'SL12-004')!;
const FLAT_NAME = t('housing:premisesName', {
  street: building.street,
  house: building.houseNumber,
  number: FLAT.number,
});
/** What the flat's maintenance fees come to in a month, as the demo charges them. */
const MONTHLY = FLAT.fees
  .filter((fee) => fee.fund === 'maintenance')
  .reduce((sum, fee) => sum + monthlyFee(fee, FLAT), 0);
const money = (minor: number) => fmt.money(minor, 'PLN');

/**
 * The demo housing as of the clock's day, and the flat's maintenance account with this month
 * and the four before it: each charged on the 1st, due on the 10th; the first (before the
 * resident's right) and the two after it paid on the 8th; last month and this one not yet.
 */
async function flatWithLedger(): Promise<MoneyAccount> {
  await seedDemoHousing(e2e.db.owner, clock.now());
  const tenant = demoTenant(e2e, SLUG);
  const system = { tenant, actor: { kind: 'system' as const, job: 'e2e' }, requestId: 'e2e' };
  return withTenant(e2e.db.app, asTenantId(tenant.id), async (trx) => {
    const premises = (await premisesByCode(trx, FLAT.code))!;
    const accounts = await accountsOf(trx, { ownerKind: 'premises', ownerId: premises.id });
    const maintenance = accounts.find((account) => account.kind === 'maintenance')!;
    expect(maintenance.openedOn <= dayOfMonth(-4, 1), 'the account is open before the first entry').toBe(true);
    for (let months = -4; months <= 0; months += 1) {
      const accountId = maintenance.id;
      await postCharge(trx, system, {
        accountId,
        amount: MONTHLY,
        title: `Opłaty za ${monthOf(months)}`,
        bookedOn: dayOfMonth(months, 1),
        dueOn: dayOfMonth(months, 10),
      });
      if (months >= -1) continue;
      await postPayment(trx, system, {
        accountId,
        amount: MONTHLY,
        currency: 'PLN',
        bookedOn: dayOfMonth(months, 8),
        title: `Wpłata za ${monthOf(months)}`,
        source: 'transfer',
      });
    }
    return maintenance;
  });
}

/**
 * A page answered with an error: its title says so first, and the error summary's link with the
 * message leads to the field, which is marked invalid, says the message, and gets the focus.
 */
async function summaryLeadsTo(page: Page, title: string, message: string, field: string): Promise<void> {
  expect((await page.title()).split(' – ')[0]).toBe(t('common:titleWithErrors', { title }));
  const summary = page.getByRole('alert');
  expect(await summary.getByRole('heading').innerText()).toBe(t('validation:summary'));
  const link = summary.getByRole('link', { name: message, exact: true });
  expect(await link.getAttribute('href')).toBe(`#${field}`);
  expect(await page.locator(`#${field}`).getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator(`#${field}-error`).innerText()).toContain(message);
  await link.click();
  expect((await focused(page)).id, 'the summary link takes the focus to the field').toBe(field);
}

/** Step 1: the clerk adds the resident in person; the page is left on the client's page. */
async function clerkAddsResident(page: Page): Promise<HandoverSheet> {
  await clerkSignsIn(page, t, SLUG, LANG, clock);
  const sheet = await clerkAddsClientInPerson(page, t, SLUG, LANG, RESIDENT, expectAccessible, e2e.publicUrl);
  await follow(page, t('adminClients:handover.done'));
  expect(pathOf(page)).toBe(sheet.address.replace(/\/handover$/, ''));
  expect(await heading(page)).toBe(RESIDENT_NAME);
  await expectAccessible(page, 'the client’s page');
  return sheet;
}

/** Fills the form that links the client to premises: the code, a tenancy, its first day. */
async function fillLinkForm(page: Page, code: string): Promise<void> {
  await page.getByLabel(t('housing:rights.link.code'), { exact: true }).fill(code);
  await page.getByRole('radio', { name: t('housing:rightKinds.tenancy'), exact: true }).check();
  await page.getByLabel(t('housing:rights.link.validFrom'), { exact: true }).fill(RIGHT_FROM);
}

/** Step 2: from the client's page to their rights; a mistyped code refused, then the flat linked. */
/** The clerk finds the flat on the premises pages from the dashboard: nobody holds a right to it yet. */
async function clerkFindsFlat(page: Page): Promise<void> {
  const clientPath = pathOf(page);
  await page.goto(`/${SLUG}/admin/`);
  await follow(page, t('housing:desk.dashboardLink'));
  await page.getByLabel(t('housing:desk.list.code')).fill('SL12');
  await press(page, t('housing:desk.list.submit'));
  await expectAccessible(page, 'the premises found by code');
  await follow(page, FLAT.code);
  expect(await heading(page)).toBe(t('housing:desk.premises.title', { code: FLAT.code }));
  expect(await page.locator('main').innerText()).toContain(t('housing:desk.premises.noRights'));
  await expectAccessible(page, 'a premises at the desk', restyle(page));
  await clerkOpensPremisesRecords(page);
  await page.goto(clientPath);
}

/**
 * From the premises' page, its fee components, allowance decisions and settlements (a clerk
 * reads them) and its meters, where the clerk records a reading: a value mistyped is refused
 * at its field, then the reading is recorded.
 */
async function clerkOpensPremisesRecords(page: Page): Promise<void> {
  const premisesPath = pathOf(page);
  for (const record of ['fees', 'allowances', 'settlements', 'meters'] as const) {
    await page.goto(premisesPath);
    await follow(page, t(`housingDesk:records.${record}`));
    expect(pathOf(page)).toBe(`${premisesPath}/${record}`);
    await expectAccessible(page, `the premises' ${record} at the desk`);
  }
  const title = t('meters:desk.title', { code: FLAT.code });
  expect(await heading(page)).toBe(title);
  await page.getByRole('radio', { name: `${t('meters:kinds.heat')} (GJ)`, exact: true }).check();
  await page.getByLabel(t('meters:form.number'), { exact: true }).fill('E2E-1');
  await page.getByLabel(t('meters:form.value'), { exact: true }).fill('1,2345');
  expect(await press(page, t('meters:form.submit'))).toMatchObject({ status: 422 });
  await summaryLeadsTo(page, title, t('housingDesk:quantity.tooManyDecimals'), 'value');
  await expectAccessible(page, 'a meter reading refused', restyle(page));
  await page.getByLabel(t('meters:form.value'), { exact: true }).fill('1,234');
  expect(await press(page, t('meters:form.submit'))).toMatchObject({ status: 303 });
  expect(await page.getByRole('status').innerText()).toBe(t('meters:desk.notices.recorded'));
  expect(await page.locator('main').innerText()).toContain(
    `${t('meters:kinds.heat')}, ${t('meters:number', { number: 'E2E-1' })}`,
  );
}

async function clerkLinksResidentToFlat(page: Page): Promise<void> {
  const clientPath = pathOf(page);
  await follow(page, t('housing:rights.panel.manage'));
  expect(pathOf(page)).toBe(`${clientPath}/premises`);
  const title = t('housing:rights.title', { name: RESIDENT_NAME });
  expect(await heading(page)).toBe(title);
  expect(await page.locator('main').innerText()).toContain(t('housing:rights.none'));
  await expectAccessible(page, 'the client’s rights to premises, none yet');

  // A digit too many: no such premises, nothing linked, and what was chosen is kept.
  await fillLinkForm(page, 'SL12-0004');
  expect(await press(page, t('housing:rights.link.submit'))).toEqual({ status: 422, location: undefined });
  expect(await page.getByLabel(t('housing:rights.link.code'), { exact: true }).inputValue()).toBe('SL12-0004');
  expect(await page.getByRole('radio', { name: t('housing:rightKinds.tenancy'), exact: true }).isChecked()).toBe(true);
  expect(await page.getByLabel(t('housing:rights.link.validFrom'), { exact: true }).inputValue()).toBe(RIGHT_FROM);
  expect(await page.locator('main').innerText()).toContain(t('housing:rights.none'));
  await expectAccessible(page, 'the link refused for a mistyped code', restyle(page));
  await summaryLeadsTo(page, title, t('housing:rights.unknownPremises'), 'code');

  await page.getByLabel(t('housing:rights.link.code'), { exact: true }).fill(FLAT.code);
  expect(await press(page, t('housing:rights.link.submit'))).toEqual({
    status: 303,
    location: `${clientPath}/premises?done=linked`,
  });
  expect(await page.getByRole('status').innerText()).toBe(t('housing:rights.notices.linked'));
  const rows = page.getByRole('table', { name: t('housing:rights.heading') }).locator('tbody tr');
  expect(await rows.count(), 'one right').toBe(1);
  const row = await rows.innerText();
  expect(row).toContain(`${FLAT_NAME} (${FLAT.code})`);
  expect(row).toContain(t('housing:rightKinds.tenancy'));
  expect(row).toContain(fmt.day(RIGHT_FROM));
  expect(row).toContain(t('housing:rights.running'));
  await expectAccessible(page, 'the client’s rights to premises, one linked');
}

/** Step 3: from the dashboard to the flat's overview: its fees, balances and last payment. */
async function residentOpensFlat(page: Page): Promise<void> {
  await follow(page, t('account:services.available.premises.link'));
  expect(await heading(page)).toBe(t('housing:list.title'));
  const held = page.locator('main').getByRole('listitem').filter({ hasText: FLAT_NAME });
  expect(await held.innerText()).toContain(
    `${t('housing:rightKinds.tenancy')}, ${t('housing:period.since', { from: fmt.day(RIGHT_FROM) })}`,
  );
  await expectAccessible(page, 'the resident’s premises');

  await follow(page, FLAT_NAME);
  expect(await heading(page)).toBe(FLAT_NAME);
  const fees = page.getByRole('table', { name: t('housing:overview.fees.heading') });
  for (const fee of FLAT.fees) {
    const row = fees.locator('tbody tr', { has: page.getByRole('rowheader', { name: fee.title, exact: true }) });
    expect(await row.innerText(), fee.title).toContain(money(monthlyFee(fee, FLAT)));
  }
  const total = FLAT.fees.reduce((sum, fee) => sum + monthlyFee(fee, FLAT), 0);
  expect(await fees.locator('tfoot').innerText()).toContain(money(total));

  const balances = page.getByRole('region', {
    name: t('housing:overview.balance.heading', { date: fmt.day(TODAY) }),
  });
  expect(await balances.getByRole('listitem').allInnerTexts()).toEqual([
    // What is to pay can be paid online from here.
    `${t('housing:funds.maintenance')}: ${money(2 * MONTHLY)} ${t('money:state.toPay')} ${t('housing:overview.pay', { fund: t('housing:funds.maintenance') })}`,
    `${t('housing:funds.repair_fund')}: ${money(0)} ${t('money:state.settled')}`,
  ]);
  expect(await balances.innerText()).toContain(
    t('housing:overview.lastPayment', {
      amount: money(MONTHLY),
      date: fmt.day(dayOfMonth(-2, 8)),
      fund: t('housing:funds.maintenance'),
    }),
  );
  await expectAccessible(page, 'the overview of the flat');
}

/** Types a day into the balance form and asks for it; the answer's status. */
async function askBalanceOn(page: Page, day: string): Promise<number> {
  await page.getByLabel(t('housing:balance.date'), { exact: true }).fill(day);
  const { status, location } = await press(page, t('housing:balance.submit'));
  expect(location, 'the balance is the answer itself').toBeUndefined();
  expect(new URL(page.url()).searchParams.get('date')).toBe(day);
  return status;
}

/** Step 4: the balance on a day the resident picks, and a day before their right began. */
async function residentPicksBalanceDay(page: Page): Promise<void> {
  await follow(page, t('housing:overview.more.balance'));
  expect(await heading(page)).toBe(t('housing:balance.title'));

  // The end of last month: its charges are due, the month's before paid.
  const lastMonthsEnd = dayOfMonth(0, 0);
  expect(await askBalanceOn(page, lastMonthsEnd)).toBe(200);
  const result = page.getByRole('region', { name: t('housing:balance.result', { date: fmt.day(lastMonthsEnd) }) });
  expect(await result.getByRole('listitem').allInnerTexts()).toEqual([
    `${t('housing:funds.maintenance')}: ${money(MONTHLY)} ${t('money:state.toPay')}`,
    `${t('housing:funds.repair_fund')}: ${money(0)} ${t('money:state.settled')}`,
  ]);
  await expectAccessible(page, 'the balance on a chosen day');

  // The day before the right began: the flat's, not the resident's.
  expect(await askBalanceOn(page, dayOfMonth(-3, 0))).toBe(422);
  const outside = t('housing:form.outsideRights', { from: fmt.day(RIGHT_FROM), to: fmt.day(TODAY) });
  expect(await page.locator('main').getByRole('region').count(), 'no balance is shown').toBe(0);
  await expectAccessible(page, 'a day before the right began, refused', restyle(page));
  await summaryLeadsTo(page, t('housing:balance.title'), outside, 'date');
}

/** Step 5: the turnover of the resident's months, narrowed to the payments, and its CSV. */
async function residentReadsTurnover(page: Page, account: MoneyAccount): Promise<void> {
  await follow(page, `${t('housing:overview.title')}: ${FLAT_NAME}`);
  await follow(page, t('housing:overview.more.turnover'));
  expect(await heading(page)).toBe(t('housing:turnover.title'));
  // Twelve months back would reach before the right: the period starts on its first day.
  expect(await page.getByLabel(t('housing:turnover.from'), { exact: true }).inputValue()).toBe(RIGHT_FROM);
  expect(await page.getByLabel(t('housing:turnover.to'), { exact: true }).inputValue()).toBe(TODAY);
  const caption = t('housing:turnover.caption', {
    fund: t('housing:funds.maintenance'),
    from: fmt.day(RIGHT_FROM),
    to: fmt.day(TODAY),
  });
  const entries = page.getByRole('table', { name: caption }).locator('tbody tr');
  expect(await entries.count(), 'four charges and two payments, none from before the right').toBe(6);
  expect(await page.locator('main').innerText()).not.toContain(monthOf(-4));

  await page.getByLabel(t('housing:turnover.titleFilter'), { exact: true }).fill('wpłata');
  expect(await press(page, t('housing:turnover.submit'))).toEqual({ status: 200, location: undefined });
  expect(new URL(page.url()).searchParams.get('title')).toBe('wpłata');
  expect(await entries.allInnerTexts()).toEqual([
    expect.stringContaining(`Wpłata za ${monthOf(-3)}`),
    expect.stringContaining(`Wpłata za ${monthOf(-2)}`),
  ]);
  const main = await page.locator('main').innerText();
  expect(main).toContain(`${t('housing:turnover.closing')}: ${money(2 * MONTHLY)}`);
  expect(main, 'the repair fund has no payments').toContain(t('housing:turnover.none'));
  await expectAccessible(page, 'the turnover narrowed by title');

  const csvLink = page.locator('main').getByRole('link', { name: t('housing:turnover.csv'), exact: true });
  const [download, answer] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/turnover.csv')),
    csvLink.click(),
  ]);
  expect(answer.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(download.suggestedFilename()).toBe(
    `${t('housing:turnover.fileName')}-${FLAT.code}-${RIGHT_FROM}-${TODAY}.csv`,
  );
  const csv = await (await download.createReadStream()).toArray();
  const lines = Buffer.concat(csv).toString('utf8').split(/\r?\n/);
  const columns = ['fund', 'bookedOn', 'kind', 'title', 'charged', 'credited', 'balance'];
  expect(lines[0]).toBe(`\ufeff${columns.map((column) => t(`housing:csv.${column}`)).join(';')}`);
  const paid = t('money:kinds.payment');
  for (const months of [-3, -2]) {
    const entry = [dayOfMonth(months, 8), paid, `Wpłata za ${monthOf(months)}`, '', decimalOf(MONTHLY), '0.00'];
    expect(lines).toContain([account.name, ...entry].join(';'));
  }
  expect(
    lines.some((line) => line.includes('Opłaty za')),
    'narrowed as the page is',
  ).toBe(false);
}

/** The flat's overview, as the resident reaches it from their premises. */
async function backToFlat(page: Page): Promise<void> {
  await page.goto(`/${SLUG}/premises`);
  await follow(page, FLAT_NAME);
}

/** The chart of the months since the right began: an SVG named for assistive technology, and its table. */
async function residentViewsChart(page: Page): Promise<void> {
  await backToFlat(page);
  await follow(page, t('housing:overview.more.chart'));
  expect(await heading(page)).toBe(t('housing:chart.title'));
  expect(await page.getByRole('img', { name: t('housing:chart.title') }).count()).toBe(1);
  const rows = page.getByRole('table', { name: t('housing:chart.caption') }).locator('tbody tr');
  expect(await rows.count(), 'one row a month since the right began').toBe(4);
  await expectAccessible(page, 'the chart', restyle(page));
}

/** The printable transfer form: the amount owed, the flat's account, the banks' QR code; one A4 page. */
async function residentPrintsTransferForm(page: Page): Promise<void> {
  await backToFlat(page);
  await follow(page, t('housing:overview.more.transfer'));
  expect(await heading(page)).toBe(t('housing:transfer.title'));
  const form = await page.locator('main').innerText();
  expect(form).toContain(t('housing:transfer.formHeading'));
  expect(form).toContain(fmt.money(2 * MONTHLY, 'PLN'));
  expect(form).toContain(FLAT.code);
  expect(await page.getByRole('img', { name: t('housing:transfer.qrLabel') }).count()).toBe(1);
  await expectAccessible(page, 'the transfer form', restyle(page));
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  expect(pdfPageCount(pdf), 'the transfer form prints on one A4 page').toBe(1);
  await page.emulateMedia({ media: 'screen' });
}

/** Pay online from the overview, through the test provider; its notification settles the fund. */
async function residentPaysOnline(page: Page): Promise<void> {
  await backToFlat(page);
  const fund = t('housing:funds.maintenance');
  await follow(page, t('housing:overview.pay', { fund }));
  expect(await heading(page)).toBe(t('payments:new.title'));
  await expectAccessible(page, 'the Pay page of the flat');
  await press(page, t('payments:new.pay', { amount: fmt.money(2 * MONTHLY, 'PLN') }));
  await follow(page, t('payments:payment.goToProvider'));
  await press(page, t('payments:testProvider.pay'));
  await follow(page, t('payments:testProvider.back'));
  const delivered = await deliverPayments(e2e, clock);
  expect(delivered).toBe(1);
  await page.reload();
  expect(await heading(page)).toBe(t('payments:state.paid.title'));
  await backToFlat(page);
  const overview = await page.locator('main').innerText();
  expect(overview).toContain(`${fund}: ${fmt.money(0, 'PLN')} ${t('money:state.settled')}`);
}

e2e.test(
  'a clerk links a new resident to a flat; they read its fees, balance and turnover, print the transfer form and pay',
  async ({ page }) => {
    const account = await flatWithLedger();
    const sheet = await clerkAddsResident(page);
    await clerkFindsFlat(page);
    await clerkLinksResidentToFlat(page);
    await e2e.anotherBrowser('the resident’s browser', { locale: 'en-GB' }, async ({ page: home }) => {
      await clientTakesOverStartPassword(home, t, SLUG, LANG, RESIDENT, sheet, expectAccessible);
      await residentOpensFlat(home);
      await residentPicksBalanceDay(home);
      await residentReadsTurnover(home, account);
      await residentViewsChart(home);
      await residentPrintsTransferForm(home);
      await residentPaysOnline(home);
    });
  },
  { timeout: 600_000 },
);
