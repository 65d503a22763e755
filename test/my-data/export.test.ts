// "Download my data": everything the tenant holds about the signed-in client, after the
// password is typed again, in JSON and in CSV that a spreadsheet opens safely; nothing of
// another client of the same tenant or of another tenant.
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { warsawIsoDate } from '../support/clock.ts';
import { createTenant } from '../support/factories.ts';
import { useTestDatabase } from '../support/database.ts';
import { testOutbox } from '../support/mail.ts';
import { newAgent, signInWith, type Agent } from '../support/sessions.ts';
import { postForged } from '../support/forms.ts';
import { clientWithPesel, dataPortal, exportData, postDataForm, signedIn, type DataPortal } from './helpers.ts';
import { PASSWORD_CHANGED_MAIL } from '../../src/features/accounts/mails.ts';

const db = useTestDatabase();

const MY_PESEL = '44051401359';
const NEIGHBOUR_PESEL = '02270803628';
const STRANGER_PESEL = '85121616467';
const FORMULA_AGENT = "=cmd|' /C calc'!A0";

let p: DataPortal;
let me: Awaited<ReturnType<typeof clientWithPesel>>;
let laptop: Agent;
/** What must never be in my export: the other clients' names, addresses and PESELs. */
const others: string[] = [];

beforeAll(async () => {
  // Made first: the app's tenant registry is loaded when the app is made.
  const otherTenant = await createTenant(db.current.owner, { settings: { nationalId: 'optional' } });
  p = await dataPortal(db.current);
  me = await clientWithPesel(db.current, p.tenant.id, MY_PESEL, { first_name: 'Zofia', last_name: 'Wiśniewska-Łąka' });
  const neighbour = await clientWithPesel(db.current, p.tenant.id, NEIGHBOUR_PESEL, {
    first_name: 'Genowefa',
    last_name: 'Kwiatkowska',
    email: `genowefa.${randomBytes(3).toString('hex')}@example.test`,
  });
  const stranger = await clientWithPesel(db.current, otherTenant.id, STRANGER_PESEL, {
    first_name: 'Wacław',
    last_name: 'Dvořák',
    email: `waclaw.${randomBytes(3).toString('hex')}@example.test`,
  });
  others.push(
    'Genowefa',
    'Kwiatkowska',
    neighbour.email!,
    NEIGHBOUR_PESEL,
    'Wacław',
    'Dvořák',
    stranger.email!,
    STRANGER_PESEL,
  );

  // A sign-in attempt whose browser name would be a formula in a spreadsheet.
  const attacker = newAgent(p.app).set('User-Agent', FORMULA_AGENT).set('X-Forwarded-For', '192.0.2.66');
  expect((await signInWith(attacker, p.slug, me.email!, 'not the password')).status).toBe(401);
  laptop = await signedIn(p, me);
  // The others sign in too (their sessions and events must stay theirs), at their tenants.
  await signedIn(p, neighbour, { ip: '192.0.2.77' });
  await signedIn({ ...p, slug: otherTenant.input.slug }, stranger, { ip: '192.0.2.88' });

  const outbox = testOutbox(p.clock);
  for (const [tenantId, client] of [
    [p.tenant.id, me],
    [p.tenant.id, neighbour],
    [otherTenant.id, stranger],
  ] as const) {
    await withTenant(db.current.app, tenantId, async (trx) => {
      await trx('client_consents').insert({
        client_id: client.id,
        document: 'regulations',
        version: '2026-11',
        accepted_at: p.clock.now(),
      });
      await trx('account_tokens').insert({
        client_id: client.id,
        purpose: 'email_change',
        new_email: `new.${client.email}`,
        token_hash: randomBytes(32),
        created_at: p.clock.now(),
        expires_at: new Date(p.clock.now().getTime() + 3_600_000),
      });
      await outbox.enqueue(trx, {
        template: PASSWORD_CHANGED_MAIL,
        to: client.email!,
        locale: 'en',
        userId: client.id,
        params: { firstName: 'X' },
        idempotencyKey: `test:${client.id}`,
      });
    });
  }
});

describe('data export', () => {
  it('downloads everything the tenant holds about me as JSON, and nothing of anyone else', async () => {
    const response = await exportData(laptop, p.slug, 'json', me.password);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename=okienko-${p.slug}-my-data-${warsawIsoDate(p.clock.now())}.json`,
    );
    expect(response.headers['cache-control']).toBe('no-store');
    const data = JSON.parse(response.text);
    expect(data.profile).toEqual({
      firstName: 'Zofia',
      lastName: 'Wiśniewska-Łąka',
      email: me.email,
      login: null,
      phone: null,
      pesel: MY_PESEL,
      preferredLanguage: 'en',
      status: 'active',
      createdAt: '2026-11-01T10:00:00.000Z',
      activatedAt: '2026-11-01T10:05:00.000Z',
    });
    expect(data.export).toEqual({ organisation: p.tenant.input.name, exportedAt: p.clock.now().toISOString() });
    expect(data.consents).toEqual([
      { document: 'regulations', version: '2026-11', acceptedAt: p.clock.now().toISOString() },
    ]);
    expect(data.signInEvents.map((event: { outcome: string }) => event.outcome).sort()).toEqual([
      'success',
      'wrong_password',
    ]);
    expect(data.signInEvents).toContainEqual({
      occurredAt: p.clock.now().toISOString(),
      outcome: 'wrong_password',
      ip: '192.0.2.66',
      userAgent: FORMULA_AGENT,
    });
    expect(data.sessions).toEqual([expect.objectContaining({ ip: '198.51.100.10', thisDevice: true })]);
    // No session id, nor anything else that would let the file's reader into the account.
    expect(Object.keys(data.sessions[0]).sort()).toEqual(['ip', 'lastSeenAt', 'signedInAt', 'thisDevice', 'userAgent']);
    expect(data.accountLinks).toEqual([
      expect.objectContaining({ purpose: 'email_change', newEmail: `new.${me.email}`, usedAt: null }),
    ]);
    expect(data.mails).toEqual([
      {
        template: PASSWORD_CHANGED_MAIL.name,
        recipient: me.email,
        status: 'queued',
        createdAt: p.clock.now().toISOString(),
      },
    ]);
    for (const secret of [...others, 'token_hash', 'tokenHash', 'password_hash', 'passwordHash', '$argon2']) {
      expect(response.text).not.toContain(secret);
    }
  });

  it('downloads the same as CSV that spreadsheets open with Polish letters and never run as a formula', async () => {
    const response = await exportData(laptop, p.slug, 'csv', me.password);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename=okienko-${p.slug}-my-data-${warsawIsoDate(p.clock.now())}.csv`,
    );
    const bytes = Buffer.from(response.text, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(response.text, { bom: true });
    expect(rows[0]).toEqual(['section', 'record', 'field', 'value']);
    const value = (section: string, field: string) =>
      rows.filter((row) => row[0] === section && row[2] === field).map((row) => row[3]);
    expect(value('profile', 'lastName')).toEqual(['Wiśniewska-Łąka']);
    expect(value('profile', 'pesel')).toEqual([MY_PESEL]);
    expect(value('consents', 'version')).toEqual(['2026-11']);
    // The User-Agent that starts with "=" is text, with the apostrophe spreadsheets hide.
    expect(value('signInEvents', 'userAgent')).toContain(`'${FORMULA_AGENT}`);
    expect(rows.every((row) => row.length === 4 && !/^[=+\-@\t\r]/.test(row[3]!))).toBe(true);
    for (const secret of others) expect(response.text).not.toContain(secret);
  });

  it('refuses a wrong or missing password with 422 and no download', async () => {
    for (const password of ['not the password', '']) {
      const response = await exportData(laptop, p.slug, 'json', password);
      expect(response.status).toBe(422);
      expect(response.headers['content-disposition']).toBeUndefined();
      expect(response.text).toContain('class="error-summary"');
      expect(response.text).not.toContain(MY_PESEL);
    }
    const wrong = await exportData(laptop, p.slug, 'json', 'not the password');
    expect(wrong.text).toContain('The password is not correct.');
    // A format the page does not offer, as no browser sends it.
    const badFormat = await postForged(laptop, `/${p.slug}/account/data`, `/${p.slug}/account/data/export`, {
      format: 'xlsx',
      exportPassword: me.password,
    });
    expect(badFormat.status).toBe(422);
    expect(badFormat.text).toContain('Choose the file format: JSON or CSV.');
  });

  it('is for the signed-in client only', async () => {
    const anonymous = await newAgent(p.app).get(`/${p.slug}/account/data`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe(`/${p.slug}/sign-in?next=%2Faccount%2Fdata`);
    // Without the page's CSRF token (a form on another site): refused.
    const forged = await laptop
      .post(`/${p.slug}/account/data/export`)
      .type('form')
      .send({ format: 'json', exportPassword: me.password });
    expect(forged.status).toBe(403);
    expect(forged.text).not.toContain(MY_PESEL);
  });

  it('limits password attempts per user, so a stolen session cannot guess the password', async () => {
    const client = await clientWithPesel(db.current, p.tenant.id, '90090515836');
    const browser = await signedIn(p, client, { ip: '192.0.2.99' });
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await exportData(browser, p.slug, 'json', `guess ${attempt}`)).status).toBe(422);
    }
    const limited = await exportData(browser, p.slug, 'json', client.password);
    expect(limited.status).toBe(429);
    expect(limited.text).not.toContain('90090515836');
    // Closing counts against the same limit.
    const close = await postDataForm(browser, p.slug, '/account/close', {
      closePassword: client.password,
      confirmClose: true,
    });
    expect(close.status).toBe(429);
  });
});
