// What a reset changes: the old password stops working and the new one signs in, every session
// of the account ends (the browser that reset included), the owner gets the password-changed
// mail, a lockout and a start password are gone with the old password.
import { DAY, fromNow } from '../support/clock.ts';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { hashPassword } from '../../src/platform/crypto/password-hash.ts';
import { createActiveClient, createClient, TEST_PASSWORD } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { signInWith } from '../support/sessions.ts';
import {
  askForLink,
  clientRow,
  expectStatus,
  latestResetToken,
  newAgent,
  NEW_PASSWORD,
  portal,
  sentMails,
  setNewPassword,
  type Portal,
} from './helpers.ts';

const db = useTestDatabase();

async function resetVia(p: Portal, identifier: string, email: string, agent = newAgent(p.app)) {
  expectStatus(await askForLink(p, identifier, agent), 303);
  const token = await latestResetToken(db.current, p.tenant.id, email);
  return expectStatus(await setNewPassword(p, token, NEW_PASSWORD, NEW_PASSWORD, agent), 303);
}

const expectSignedOut = async (agent: ReturnType<typeof newAgent>, slug: string) => {
  const response = await agent.get(`/${slug}/account`);
  expect(response.status).toBe(303);
  expect(response.headers.location).toBe(`/${slug}/sign-in?next=%2Faccount`);
};

describe('after a reset', () => {
  it('the old password is refused, the new one signs in, and every session of the account has ended', async () => {
    const p = await portal(db.current);
    const client = await createActiveClient(db.current.app, p.tenant.id, { preferred_locale: 'cs' });
    const someoneElse = await createActiveClient(db.current.app, p.tenant.id);
    const phone = newAgent(p.app);
    const laptop = newAgent(p.app);
    const neighbour = newAgent(p.app);
    for (const agent of [phone, laptop])
      expectStatus(await signInWith(agent, p.slug, client.email!, client.password), 303);
    expectStatus(await signInWith(neighbour, p.slug, someoneElse.email!, someoneElse.password), 303);
    await phone.get(`/${p.slug}/account`).expect(200);

    // The reset itself from the laptop, signed in: that session ends too.
    await resetVia(p, client.email!, client.email!, laptop);
    await expectSignedOut(phone, p.slug);
    await expectSignedOut(laptop, p.slug);
    await neighbour.get(`/${p.slug}/account`).expect(200);

    expectStatus(await signInWith(newAgent(p.app), p.slug, client.email!, TEST_PASSWORD), 401);
    const signedIn = expectStatus(await signInWith(newAgent(p.app), p.slug, client.email!, NEW_PASSWORD), 303);
    expect(signedIn.headers.location).toBe(`/${p.slug}/account`);

    const mails = await sentMails(db.current, p.tenant.id);
    expect(mails.map(({ template, recipient, status }) => ({ template, recipient, status }))).toEqual([
      { template: 'password-reset', recipient: client.email, status: 'queued' },
      { template: 'password-changed', recipient: client.email, status: 'queued' },
    ]);
    expect(mails[1]!.params).toEqual({ firstName: 'Anna' });
  });

  it('a locked account signs in at once with its new password', async () => {
    const p = await portal(db.current);
    const client = await createActiveClient(db.current.app, p.tenant.id);
    for (let attempt = 0; attempt < 10; attempt++) {
      expectStatus(await signInWith(newAgent(p.app), p.slug, client.email!, `wrong password ${attempt}`), 401);
    }
    expect((await clientRow(db.current, p.tenant.id, client.id)).locked_until).not.toBeNull();
    // Locked: even the right password is refused.
    expectStatus(await signInWith(newAgent(p.app), p.slug, client.email!, client.password), 401);

    await resetVia(p, client.email!, client.email!);
    expect(await clientRow(db.current, p.tenant.id, client.id)).toMatchObject({
      locked_until: null,
      failed_sign_ins: 0,
    });
    expectStatus(await signInWith(newAgent(p.app), p.slug, client.email!, NEW_PASSWORD), 303);
    expect((await sentMails(db.current, p.tenant.id)).map((mail) => mail.template)).toEqual([
      'account-locked',
      'password-reset',
      'password-changed',
    ]);
  });

  it('an account issued at the counter, asked for by its login, becomes active with no forced change', async () => {
    const p = await portal(db.current);
    const startPassword = 'start-4711-okienko';
    const client = await createClient(db.current.app, p.tenant.id, {
      status: 'issued',
      login: 'mieszkaniec-12',
      password_hash: await hashPassword(startPassword),
      start_password_expires_at: fromNow(p.clock, 4 * DAY),
    });
    await resetVia(p, 'Mieszkaniec-12', client.email!);
    const row = await clientRow(db.current, p.tenant.id, client.id);
    expect(row).toMatchObject({ status: 'active', start_password_expires_at: null });
    expect(row.activated_at).toEqual(p.clock.now());

    expectStatus(await signInWith(newAgent(p.app), p.slug, 'mieszkaniec-12', startPassword), 401);
    const agent = newAgent(p.app);
    const signedIn = expectStatus(await signInWith(agent, p.slug, 'mieszkaniec-12', NEW_PASSWORD), 303);
    expect(signedIn.headers.location).toBe(`/${p.slug}/account`);
    await agent.get(`/${p.slug}/account`).expect(200);
  });

  it('a link to an account closed since it was sent no longer works', async () => {
    const p = await portal(db.current);
    const client = await createActiveClient(db.current.app, p.tenant.id);
    expectStatus(await askForLink(p, client.email!), 303);
    const token = await latestResetToken(db.current, p.tenant.id, client.email!);
    await withTenant(db.current.app, p.tenant.id, (trx) =>
      trx('clients').where({ id: client.id }).update({ status: 'closing', closed_at: p.clock.now() }),
    );
    const before = await clientRow(db.current, p.tenant.id, client.id);
    expectStatus(await setNewPassword(p, token), 410);
    expect(await clientRow(db.current, p.tenant.id, client.id)).toEqual(before);
  });
});
