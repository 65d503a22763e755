// Money at the counter and on the client's own page (issue #20), through the real app: the
// client's page lists their accounts with balances; the account's page shows its turnover; a
// clerk records a cash payment typed "12,50" with its receipt (audited, settling the due fee);
// bad amounts are refused in each language and change nothing; another tenant's account is a
// 404; the client sees what is due, overdue and settled in their language.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { openAccount, postCharge } from '../../src/features/money/index.ts';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { visibleText } from '../http/html.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { errorSummaryTargets, formIn, postForm, submitForm } from '../support/forms.ts';
import { newAgent, signInAs } from '../support/sessions.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffPortal } from '../support/staff-browser.ts';
import { systemContextAt } from './ledger-support.ts';

const db = useTestDatabase();
const clock = controllableClock(new Date('2026-12-08T09:00:00Z'));
const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

async function feesOf(tenantId: TenantId, clientId: string) {
  return withTenant(db.current.app, tenantId, async (trx) => {
    const account = await openAccount(trx, {
      ownerKind: 'client',
      ownerId: clientId,
      currency: 'PLN',
      kind: 'fees',
      name: 'Opłaty',
      openedOn: '2026-11-01',
    });
    const context = systemContextAt(tenantId);
    await postCharge(trx, context, {
      accountId: account.id,
      amount: 2_000,
      title: 'Opłata aktywacyjna',
      bookedOn: '2026-11-20',
      dueOn: '2026-12-01',
    });
    await postCharge(trx, context, {
      accountId: account.id,
      amount: 4_550,
      title: 'Karnet grudniowy',
      bookedOn: '2026-12-01',
      dueOn: '2026-12-15',
    });
    return account;
  });
}

async function setUp() {
  const portal = await staffPortal(db.current, clock);
  const clerk = await createActiveStaff(db.current.app, portal.tenant.id, { role: 'clerk' });
  const client = await createActiveClient(db.current.app, portal.tenant.id, {
    first_name: 'Jan',
    last_name: 'Kowalski',
  });
  const account = await feesOf(portal.tenant.id, client.id);
  return { ...portal, clerk, client, account, browser: await portal.as(clerk) };
}

describe('money at the counter', () => {
  it('lists the client’s accounts and records a cash payment that settles the oldest charge', async () => {
    const { slug, tenant, client, account, browser, clerk } = await setUp();
    const clientPage = nbsp(
      visibleText((await browser.get(`/${slug}/admin/clients/${client.id}?lang=pl`).expect(200)).text),
    );
    expect(clientPage).toContain('Rachunki');
    expect(clientPage).toMatch(/Rachunki klienta i ich salda .*Opłaty Saldo 65,50 zł \(do zapłaty\)/);

    const page = `/${slug}/admin/accounts/${account.id}?lang=pl`;
    const shown = nbsp(visibleText((await browser.get(page).expect(200)).text));
    expect(shown).toMatch(
      /Saldo początkowe Saldo po zapisie 0,00 zł .*Opłata aktywacyjna Kwota 20,00 zł Saldo po zapisie 20,00 zł .*Karnet grudniowy Kwota 45,50 zł Saldo po zapisie 65,50 zł Saldo końcowe Saldo po zapisie 65,50 zł/,
    );

    const paid = await submitForm(
      browser,
      page,
      { amount: '20,00', source: 'card', receiptNumber: 'KP/2026/17' },
      { action: `/${slug}/admin/accounts/${account.id}/payments` },
    );
    expect(paid.status).toBe(303);
    const after = nbsp(visibleText((await browser.get(`${paid.headers.location}&lang=pl`).expect(200)).text));
    expect(after).toContain('Wpłata została zapisana.');
    expect(after).toMatch(/Wpłata kartą w okienku \(paragon KP\/2026\/17\) Kwota -20,00 zł Saldo po zapisie 45,50 zł/);
    const audit = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('audit_log').where({ action: 'money.payment_posted' }).select('actor_id', 'subject_id'),
    );
    expect(audit).toEqual([{ actor_id: clerk.id, subject_id: account.id }]);
  });

  it('books a receipt once when the form is sent twice (a double click)', async () => {
    const { slug, tenant, account, browser } = await setUp();
    const page = `/${slug}/admin/accounts/${account.id}?lang=en`;
    const form = formIn((await browser.get(page).expect(200)).text, `/${slug}/admin/accounts/${account.id}/payments`);
    const fill = { amount: '20,00', source: 'cash', receiptNumber: 'KP/2026/18' };
    const [first, second] = [await postForm(browser, form, fill), await postForm(browser, form, fill)];
    expect(first.headers.location).toBe(`/${slug}/admin/accounts/${account.id}?done=paid`);
    expect(second.headers.location).toBe(`/${slug}/admin/accounts/${account.id}?done=alreadyRecorded`);
    const after = visibleText((await browser.get(`${second.headers.location}&lang=en`).expect(200)).text);
    expect(after).toContain('A payment with this receipt number is recorded on this account already');
    const payments = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('ledger_entries').where({ kind: 'payment' }).count<{ count: string }[]>(),
    );
    expect(Number(payments[0]!.count)).toBe(1);
  });

  it.each([
    ['en', '12,345', 'An amount has at most two digits after the decimal point'],
    ['pl', '-5', 'Wpisz kwotę większą od zera'],
    ['cs', '1e3', 'Zadejte částku jako číslo, například 12,50'],
    ['pl', '12.3.4', 'Wpisz kwotę jako liczbę, na przykład 12,50'],
    ['en', '', 'Enter the amount paid'],
  ])('refuses in %s the amount %j, changing nothing', async (lang, amount, message) => {
    const { slug, tenant, account, browser } = await setUp();
    const page = `/${slug}/admin/accounts/${account.id}?lang=${lang}`;
    const refused = await submitForm(
      browser,
      page,
      { amount, source: 'cash', receiptNumber: 'KP/1' },
      { action: `/${slug}/admin/accounts/${account.id}/payments` },
    );
    expect(refused.status).toBe(422);
    expect(visibleText(refused.text)).toContain(message);
    expect(errorSummaryTargets(refused.text)).toEqual(['amount']);
    const payments = await withTenant(db.current.app, tenant.id, (trx) =>
      trx('ledger_entries').where({ kind: 'payment' }).count<{ count: string }[]>(),
    );
    expect(Number(payments[0]!.count)).toBe(0);
  });

  it('asks for the receipt number, and does not know another tenant’s account', async () => {
    const { slug, account, browser } = await setUp();
    const page = `/${slug}/admin/accounts/${account.id}?lang=en`;
    const refused = await submitForm(
      browser,
      page,
      { amount: '5', source: 'cash', receiptNumber: '' },
      { action: `/${slug}/admin/accounts/${account.id}/payments` },
    );
    expect(refused.status).toBe(422);
    expect(visibleText(refused.text)).toContain('Enter the receipt number');
    const other = await staffPortal(db.current, clock);
    const stranger = await createActiveClient(db.current.app, other.tenant.id);
    const theirs = await feesOf(other.tenant.id, stranger.id);
    await browser.get(`/${slug}/admin/accounts/${theirs.id}`).expect(404);
  });
});

describe('the client’s own money page', () => {
  it('shows the balance, what is due and overdue, and the entries, in the client’s language', async () => {
    const { app, slug, client } = await setUp();
    const agent = newAgent(app);
    await signInAs(agent, slug, client);
    const pl = nbsp(visibleText((await agent.get(`/${slug}/account/money?lang=pl`).expect(200)).text));
    expect(pl).toContain('Saldo: 65,50 zł do zapłaty');
    expect(pl).toContain('1 należność jest po terminie.');
    expect(pl).toMatch(/Opłata aktywacyjna ?: Pozostało do zapłaty 20,00 zł, po terminie od 1 grudnia 2026/);
    expect(pl).toMatch(/Karnet grudniowy ?: Pozostało do zapłaty 45,50 zł, termin 15 grudnia 2026/);
    const cs = nbsp(visibleText((await agent.get(`/${slug}/account/money?lang=cs`).expect(200)).text));
    expect(cs).toContain('1 předpis je po splatnosti.');
    const en = nbsp(visibleText((await agent.get(`/${slug}/account/money?lang=en`).expect(200)).text));
    expect(en).toContain('Balance: PLN 65.50 to pay');
  });

  it('sends a visitor to sign in', async () => {
    const { app, slug } = await setUp();
    const response = await newAgent(app).get(`/${slug}/account/money`);
    expect(response.status).toBe(303);
    expect(response.headers.location).toContain('/sign-in');
  });
});
