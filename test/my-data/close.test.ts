// Closing the account: it stops working at once (sign-in refused with the "closed" page, every
// session ended, the confirmation queued), and the worker anonymises it after the tenant's
// retention period, not before, and never while the tenant must keep closed accounts' data.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { anonymiseClosedAccounts, ANONYMISED_NAME } from '../../src/features/accounts/purges.ts';
import { useTestDatabase } from '../support/database.ts';
import { newAgent, signInWith } from '../support/sessions.ts';
import type { Fill } from '../support/forms.ts';
import { clientRow, clientWithPesel, DAY, dataPortal, mailsOf, postDataForm, signedIn } from './helpers.ts';
import { sealedParamsOf } from '../support/mail.ts';
import { fromNow, warsawEnglishDate } from '../support/clock.ts';

const db = useTestDatabase();

function closeAccount(agent: Parameters<typeof postDataForm>[0], slug: string, fields: Fill) {
  return postDataForm(agent, slug, '/account/close', fields);
}

/** The queued mails to the client have gone out (the worker waits for them before anonymising). */
async function mailsSent(): Promise<void> {
  await db.current.worker('mail_outbox').where({ status: 'queued' }).update({ status: 'sent', sealed_params: null });
}

/** The "account closed" mails queued to this address (the file's tests share a database). */
async function mailsTo(address: string) {
  return (await mailsOf(db.current, 'account-closed')).filter((row) => row.recipient === address);
}

describe('closing the account', () => {
  it('changes nothing without the password and the confirmation', async () => {
    const p = await dataPortal(db.current);
    const me = await clientWithPesel(db.current, p.tenant.id, '44051401359');
    const laptop = await signedIn(p, me);
    const cases = [
      [{ closePassword: me.password }, 'Tick the box to confirm that you want to close your account.'],
      [{ closePassword: 'not the password', confirmClose: true }, 'The password is not correct.'],
      [{ closePassword: '', confirmClose: true }, 'class="error-summary"'],
    ] as const;
    for (const [fields, message] of cases) {
      const response = await closeAccount(laptop, p.slug, fields);
      expect(response.status).toBe(422);
      expect(response.text).toContain(message);
    }
    expect(await clientRow(db.current, p.tenant.id, me.id)).toMatchObject({ status: 'active', closed_at: null });
    await laptop.get(`/${p.slug}/account`).expect(200);
    expect(await mailsTo(me.email!)).toEqual([]);
  });

  it('stops the account at once: every session ends, sign-in is refused, the confirmation is queued', async () => {
    const p = await dataPortal(db.current);
    const me = await clientWithPesel(db.current, p.tenant.id, '44051401359');
    const neighbour = await clientWithPesel(db.current, p.tenant.id, '02270803628');
    const laptop = await signedIn(p, me);
    const phone = await signedIn(p, me, { ip: '203.0.113.5' });
    const neighbours = await signedIn(p, neighbour, { ip: '192.0.2.5' });
    // A password reset link sent earlier must not open the closed account.
    await withTenant(db.current.app, p.tenant.id, (trx) =>
      trx('account_tokens').insert({
        client_id: me.id,
        purpose: 'password_reset',
        token_hash: randomBytes(32),
        created_at: p.clock.now(),
        expires_at: new Date(p.clock.now().getTime() + 3_600_000),
      }),
    );

    const closed = await closeAccount(laptop, p.slug, { closePassword: me.password, confirmClose: true });
    expect(closed.status).toBe(303);
    expect(closed.headers.location).toBe(`/${p.slug}/account/closed`);
    expect(String(closed.headers['set-cookie'])).toMatch(new RegExp(`okienko\\.session\\.${p.slug}=;`));
    const page = await laptop.get(closed.headers.location!).expect(200);
    expect(page.text).toContain('Your account is closed');
    expect(page.text).toContain('Your personal data will be erased in 30 days.');

    for (const browser of [laptop, phone]) {
      const response = await browser.get(`/${p.slug}/account`);
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(`/${p.slug}/sign-in?next=%2Faccount`);
    }
    await neighbours.get(`/${p.slug}/account`).expect(200);

    const again = await signInWith(newAgent(p.app), p.slug, me.email!, me.password, { 'Accept-Language': 'en' });
    expect(again.status).toBe(403);
    expect(again.text).toContain('This account is closed');

    expect(await clientRow(db.current, p.tenant.id, me.id)).toMatchObject({
      status: 'closing',
      closed_at: p.clock.now(),
      anonymise_after: new Date(p.clock.now().getTime() + 30 * DAY),
      failed_sign_ins: 0,
    });
    const links = await withTenant(db.current.app, p.tenant.id, (trx) =>
      trx('account_tokens').where({ client_id: me.id }),
    );
    expect(links.map((link) => link.used_at)).toEqual([p.clock.now()]);
    const [mail, ...more] = await mailsTo(me.email!);
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ recipient: me.email, status: 'queued' });
    expect(sealedParamsOf(mail!)).toEqual({
      firstName: 'Anna',
      anonymiseOn: warsawEnglishDate(fromNow(p.clock, 30 * DAY)),
    });
  });

  it('is anonymised by the worker after the retention period, not before', async () => {
    const p = await dataPortal(db.current, { closedAccountRetentionDays: 14 });
    const me = await clientWithPesel(db.current, p.tenant.id, '44051401359', {
      login: `zofia-${randomBytes(3).toString('hex')}`,
      phone: '+48601234567',
    });
    const laptop = await signedIn(p, me);
    expect((await closeAccount(laptop, p.slug, { closePassword: me.password, confirmClose: true })).status).toBe(303);
    const closedAt = p.clock.now();
    await mailsSent();

    expect(await anonymiseClosedAccounts(db.current.worker, new Date(closedAt.getTime() + 14 * DAY - 1))).toBe(0);
    expect(await clientRow(db.current, p.tenant.id, me.id)).toMatchObject({ status: 'closing', email: me.email });
    expect(await anonymiseClosedAccounts(db.current.worker, new Date(closedAt.getTime() + 14 * DAY))).toBe(1);
    expect(await clientRow(db.current, p.tenant.id, me.id)).toMatchObject({
      status: 'anonymised',
      first_name: ANONYMISED_NAME,
      last_name: ANONYMISED_NAME,
      email: null,
      login: null,
      phone: null,
      national_id_sealed: null,
      national_id_index: null,
      password_hash: null,
      closed_at: closedAt,
    });
    const events = await withTenant(db.current.app, p.tenant.id, (trx) =>
      trx('sign_in_events').where({ client_id: me.id }),
    );
    expect(events).toEqual([]);
    // The address is free again and its owner is one of many unknown addresses to sign-in.
    expect((await signInWith(newAgent(p.app), p.slug, me.email!, me.password)).status).toBe(401);
  });

  it('keeps the data when the tenant must keep closed accounts', async () => {
    const p = await dataPortal(db.current, { keepClosedAccountData: true });
    const me = await clientWithPesel(db.current, p.tenant.id, '44051401359');
    const laptop = await signedIn(p, me);
    const dataPage = await laptop.get(`/${p.slug}/account/data`).expect(200);
    expect(dataPage.text).toContain('The organisation is required to keep the data of closed accounts');
    const closed = await closeAccount(laptop, p.slug, { closePassword: me.password, confirmClose: true });
    expect(closed.status).toBe(303);
    const page = await laptop.get(closed.headers.location!).expect(200);
    expect(page.text).toContain('The organisation is required to keep the data of closed accounts');
    expect(await clientRow(db.current, p.tenant.id, me.id)).toMatchObject({ status: 'closing', anonymise_after: null });
    const [mail] = await mailsTo(me.email!);
    expect(sealedParamsOf(mail!)).toEqual({ firstName: 'Anna' });
    await mailsSent();
    // Ten years on (other tests' closed accounts in this database may go; this one stays).
    await anonymiseClosedAccounts(db.current.worker, new Date(p.clock.now().getTime() + 3650 * DAY));
    expect(await clientRow(db.current, p.tenant.id, me.id)).toMatchObject({ status: 'closing', email: me.email });
  });
});
