// Changing the e-mail address: the current password proves the owner, a link to the new
// address confirms it (a GET changes nothing), the old address is told with the new one
// masked, and a used, replaced or expired link, or an address taken meanwhile, changes nothing.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { deliverQueuedMail, sealedParamsOf } from '../support/mail.ts';
import { changePasswordVia } from '../support/accounts.ts';
import { newAgent, signInWith } from '../support/sessions.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';
import { headingOne, visibleText } from '../http/html.ts';
import {
  askForEmailChange,
  clientRow,
  confirmViaLink,
  emailChangeTokens,
  HOUR,
  mailsOf,
  newestEmailChangeToken,
  profilePortal,
  signedIn,
  type ProfilePortal,
} from './helpers.ts';

const db = useTestDatabase();
const sink = useSmtpSink();

const newAddress = () => `nowy.${Math.random().toString(36).slice(2, 10)}@poczta.example.org`;

async function signedInClient(p: ProfilePortal, columns: Record<string, unknown> = {}) {
  const client = await createActiveClient(db.current.app, p.tenant.id, columns);
  return { client, agent: await signedIn(p, client) };
}

describe('e-mail change', () => {
  it('mails a link to the new address and a masked notice to the old one; the link sets the address', async () => {
    const p = await profilePortal(db.current);
    const { client, agent } = await signedInClient(p);
    const target = newAddress();

    const asked = await askForEmailChange(agent, p.slug, { newEmail: target, password: client.password });
    expect(asked.status).toBe(303);
    expect(asked.headers.location).toBe(`/${p.slug}/account/email/sent`);
    const sent = await agent.get(`/${p.slug}/account/email/sent`).expect(200);
    expect(headingOne(sent.text)).toBe('Sprawdź nową skrzynkę');
    expect(visibleText(sent.text)).toContain(`Wysłaliśmy link potwierdzający na adres ${target}.`);
    expect(visibleText(sent.text)).toContain('Link jest ważny 24 godziny.');
    expect(visibleText((await agent.get(`/${p.slug}/account/profile`)).text)).toContain(
      `Czeka na potwierdzenie: ${target}.`,
    );

    const rows = await mailsOf(db.current, p.tenant.id);
    expect(rows.map(({ template, recipient }) => ({ template, recipient }))).toEqual([
      { template: 'email-change', recipient: target },
      { template: 'email-change-notice', recipient: client.email },
    ]);
    expect(sealedParamsOf(rows[1]!)).toEqual({ firstName: 'Anna', newEmailMasked: 'n***@p***.org' });
    // Until the link is used, nothing changes: the old address still signs in.
    expect((await clientRow(db.current, p.tenant.id, client.id)).email).toBe(client.email);

    // Sent for real, the link in the mail to the new address leads to the confirm page.
    await deliverQueuedMail(db.current, { smtpUrl: sink.current.url, clock: p.clock });
    const toNew = sink.current.messages.find((mail) => mail.envelopeTo.includes(target))!;
    const toOld = sink.current.messages.find((mail) => mail.envelopeTo.includes(client.email!))!;
    expect(toOld.parsed.text).toContain('n***@p***.org');
    expect(toOld.raw).not.toContain(target);
    const link = /https:\/\/\S+\/account\/email\/confirm\?token=([A-Za-z0-9_-]{43})/.exec(toNew.parsed.text ?? '');
    expect(link?.[0]).toContain(`/${p.slug}/account/email/confirm?token=`);

    const { page, response } = await confirmViaLink(p, link![1]!);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(visibleText(page.text)).toContain(`Potwierdź, że ${target} ma zostać adresem e-mail Twojego konta.`);
    expect(response.status).toBe(200);
    expect(visibleText(response.text)).toContain(`Twój adres to teraz ${target}.`);
    expect(response.text).toContain(`href="/${p.slug}/account/profile"`);
    expect((await clientRow(db.current, p.tenant.id, client.id)).email).toBe(target);

    // The new address signs in; the old one no longer does.
    expect((await signInWith(newAgent(p.app), p.slug, client.email!, client.password)).status).toBe(401);
    const signIn = await signInWith(newAgent(p.app), p.slug, target.toUpperCase(), client.password);
    expect(signIn.status).toBe(303);
    expect(signIn.headers.location).toBe(`/${p.slug}/account`);
  });

  it('changes nothing when the link is only fetched (as a mail scanner would)', async () => {
    const p = await profilePortal(db.current);
    const { client, agent } = await signedInClient(p);
    await askForEmailChange(agent, p.slug, { newEmail: newAddress(), password: client.password });
    const token = await newestEmailChangeToken(db.current, p.tenant.id);
    for (let i = 0; i < 3; i += 1) {
      await newAgent(p.app).get(`/${p.slug}/account/email/confirm?token=${token}`).expect(200);
    }
    expect((await clientRow(db.current, p.tenant.id, client.id)).email).toBe(client.email);
    expect((await emailChangeTokens(db.current, p.tenant.id)).map((row) => row.used_at)).toEqual([null]);
  });

  it('refuses a wrong password with a clear message and queues nothing', async () => {
    const p = await profilePortal(db.current);
    const { client, agent } = await signedInClient(p);
    const target = newAddress();
    const response = await askForEmailChange(agent, p.slug, { newEmail: target, password: `${client.password}x` });
    expect(response.status).toBe(422);
    expect(visibleText(response.text)).toContain('Hasło jest nieprawidłowe.');
    expect(response.text).toContain(`value="${target}"`);
    expect(await mailsOf(db.current, p.tenant.id)).toEqual([]);
    expect(await emailChangeTokens(db.current, p.tenant.id)).toEqual([]);
  });

  it('limits the guesses of the password from one session as sign-in does', async () => {
    const p = await profilePortal(db.current);
    const { client, agent } = await signedInClient(p);
    for (let i = 0; i < 10; i += 1) {
      expect(
        (await askForEmailChange(agent, p.slug, { newEmail: newAddress(), password: `zgaduję-${i}` })).status,
      ).toBe(422);
    }
    const limited = await askForEmailChange(agent, p.slug, { newEmail: newAddress(), password: client.password });
    expect(limited.status).toBe(429);
    expect(await mailsOf(db.current, p.tenant.id)).toEqual([]);
  });

  it('refuses invalid input in the language of the user, changing nothing', async () => {
    const p = await profilePortal(db.current);
    const { client, agent } = await signedInClient(p);
    const cases: [Record<string, string>, string][] = [
      [{ newEmail: 'nie-adres', password: client.password }, 'Wpisz adres e-mail w postaci nazwa@domena.pl.'],
      [{ newEmail: '', password: client.password }, 'To pole jest wymagane'],
      [{ newEmail: newAddress(), password: '' }, 'Wpisz obecne hasło.'],
      [
        { newEmail: client.email!.toUpperCase(), password: client.password },
        'To już jest Twój adres e-mail. Wpisz inny.',
      ],
    ];
    for (const [fields, message] of cases) {
      const response = await askForEmailChange(agent, p.slug, fields as { newEmail: string; password: string });
      expect(response.status).toBe(422);
      expect(visibleText(response.text)).toContain(message);
      expect(response.text).not.toContain(client.password);
    }
    expect(await mailsOf(db.current, p.tenant.id)).toEqual([]);
  });

  it('works once: a used link, a replaced one and an expired one get the "no longer works" page', async () => {
    const p = await profilePortal(db.current);
    const { client, agent } = await signedInClient(p);
    const [first, second, third] = [newAddress(), newAddress(), newAddress()];

    await askForEmailChange(agent, p.slug, { newEmail: first, password: client.password });
    const replaced = await newestEmailChangeToken(db.current, p.tenant.id);
    p.clock.advance(2 * 60_000);
    await askForEmailChange(agent, p.slug, { newEmail: second, password: client.password });
    const newest = await newestEmailChangeToken(db.current, p.tenant.id);
    expect((await confirmViaLink(p, replaced)).page.status).toBe(410);
    expect((await confirmViaLink(p, replaced)).response.status).toBe(410);
    expect((await confirmViaLink(p, newest)).response.status).toBe(200);
    expect((await clientRow(db.current, p.tenant.id, client.id)).email).toBe(second);

    const used = await confirmViaLink(p, newest);
    expect(used.page.status).toBe(410);
    expect(used.response.status).toBe(410);
    expect(headingOne(used.response.text)).toBe('Ten link już nie działa');

    p.clock.advance(2 * 60_000);
    await askForEmailChange(agent, p.slug, { newEmail: third, password: client.password });
    const expiring = await newestEmailChangeToken(db.current, p.tenant.id);
    p.clock.advance(24 * HOUR);
    const expired = await confirmViaLink(p, expiring);
    expect(expired.page.status).toBe(410);
    expect(expired.response.status).toBe(410);
    expect((await clientRow(db.current, p.tenant.id, client.id)).email).toBe(second);

    for (const bad of ['', 'A'.repeat(43), 'nie-token']) {
      expect((await confirmViaLink(p, bad)).response.status).toBe(410);
    }
  });

  it('says so when the address has meanwhile gone to another account, and uses the link up', async () => {
    const p = await profilePortal(db.current);
    const { client, agent } = await signedInClient(p);
    const target = newAddress();
    await askForEmailChange(agent, p.slug, { newEmail: target, password: client.password });
    const token = await newestEmailChangeToken(db.current, p.tenant.id);
    await createActiveClient(db.current.app, p.tenant.id, { email: target.toUpperCase() });

    const { page, response } = await confirmViaLink(p, token);
    expect(page.status).toBe(409);
    expect(response.status).toBe(409);
    expect(headingOne(response.text)).toBe('Ten adres należy do innego konta');
    expect(visibleText(response.text)).toContain('Twój adres e-mail się nie zmienił.');
    expect((await clientRow(db.current, p.tenant.id, client.id)).email).toBe(client.email);
    expect((await emailChangeTokens(db.current, p.tenant.id))[0]!.used_at).not.toBeNull();
    expect((await confirmViaLink(p, token)).response.status).toBe(410);
  });

  it('answers an address another account holds as a free one, and tells its owner without a name', async () => {
    const p = await profilePortal(db.current);
    const requester = await signedInClient(p, { first_name: 'Bożydar' });
    const comparison = await signedInClient(p, { first_name: 'Bożydar' });
    const holder = await createActiveClient(db.current.app, p.tenant.id, { preferred_locale: 'en' });
    const free = newAddress();

    /** What the requester sees: the answer, the page it leads to, and the profile. */
    const seenBy = async ({ agent, client }: typeof requester, newEmail: string) => {
      const { password } = client;
      const answer = await askForEmailChange(agent, p.slug, { newEmail, password });
      const sent = await agent.get(`/${p.slug}/account/email/sent`).expect(200);
      const profile = await agent.get(`/${p.slug}/account/profile`).expect(200);
      const again = await askForEmailChange(agent, p.slug, { newEmail, password });
      const shown = (html: string) =>
        visibleText(html).replaceAll(newEmail, '<address>').replaceAll(client.email!, '<current>');
      return {
        status: answer.status,
        location: answer.headers.location,
        sent: shown(sent.text),
        pending: /Czeka na potwierdzenie: [^.]*\./.exec(shown(profile.text))?.[0],
        // Within the minute, the mail's throttle holds a second one back: the same refusal.
        again: { status: again.status, text: shown(again.text) },
      };
    };
    // Typed in another letter case than the holder's: an address is the same in any case.
    const typed = holder.email!.replace(/^[^@]+/, (local) => local.toUpperCase());
    const taken = await seenBy(requester, typed);
    expect(taken).toEqual(await seenBy(comparison, free));
    expect(taken.status).toBe(303);
    expect(taken.pending).toBe('Czeka na potwierdzenie: <address>.');
    expect(taken.again.status).toBe(429);

    // The holder gets a notice with neither a link nor the requester's name (the second held
    // back); the requester's old address gets its usual notice. All at one moment of the clock,
    // so in no particular order.
    const mails = await mailsOf(db.current, p.tenant.id);
    const toHolder = mails.filter((row) => row.recipient === holder.email);
    expect(toHolder.map(({ template, status }) => `${template} ${status}`).sort()).toEqual([
      'email-change-in-use dropped',
      'email-change-in-use queued',
    ]);
    expect(sealedParamsOf(toHolder.find((row) => row.status === 'queued')!)).toEqual({});
    expect(mails.filter((row) => row.recipient === requester.client.email).map((row) => row.template)).toEqual([
      'email-change-notice',
    ]);
    // Only the free address got the link (and had the second held back).
    expect(
      mails.filter((row) => row.template === 'email-change').map(({ recipient, status }) => `${recipient} ${status}`),
    ).toEqual(expect.arrayContaining([`${free} queued`, `${free} dropped`]));
    expect(mails.filter((row) => row.template === 'email-change')).toHaveLength(2);

    await deliverQueuedMail(db.current, { smtpUrl: sink.current.url, clock: p.clock });
    const notice = sink.current.messages.find((mail) => mail.envelopeTo.includes(holder.email!))!;
    expect(notice.parsed.subject).toContain('Someone tried to use your e-mail address');
    expect(notice.parsed.text).toContain('This address already belongs to an account, so nothing was changed');
    for (const part of [notice.raw, notice.parsed.text ?? '', notice.parsed.html || '']) {
      expect(part).not.toContain('Bożydar');
      expect(part).not.toContain(requester.client.email);
      expect(part).not.toMatch(/token=/);
    }
    expect((await clientRow(db.current, p.tenant.id, holder.id)).email).toBe(holder.email);
  });

  it('lets an account without an address add one, with no notice to send', async () => {
    const p = await profilePortal(db.current);
    const login = `okienkowy-${Math.random().toString(36).slice(2, 8)}`;
    const client = await createActiveClient(db.current.app, p.tenant.id, { email: null, login });
    const agent = newAgent(p.app);
    expect((await signInWith(agent, p.slug, login, client.password)).status).toBe(303);
    const target = newAddress();
    expect((await askForEmailChange(agent, p.slug, { newEmail: target, password: client.password })).status).toBe(303);
    expect((await mailsOf(db.current, p.tenant.id)).map((row) => row.template)).toEqual(['email-change']);
    expect((await confirmViaLink(p, await newestEmailChangeToken(db.current, p.tenant.id))).response.status).toBe(200);
    expect((await clientRow(db.current, p.tenant.id, client.id)).email).toBe(target);
  });

  it('voids a password reset link sent to the old address once the new one is confirmed', async () => {
    const p = await profilePortal(db.current);
    const { client, agent } = await signedInClient(p);
    await withTenant(db.current.app, p.tenant.id, (trx) =>
      trx('account_tokens').insert({
        client_id: client.id,
        purpose: 'password_reset',
        token_hash: Buffer.alloc(32, 7),
        created_at: p.clock.now(),
        expires_at: new Date(p.clock.now().getTime() + HOUR),
      }),
    );
    await askForEmailChange(agent, p.slug, { newEmail: newAddress(), password: client.password });
    await confirmViaLink(p, await newestEmailChangeToken(db.current, p.tenant.id));
    const reset = await withTenant(db.current.app, p.tenant.id, (trx) =>
      trx('account_tokens').where({ purpose: 'password_reset' }).first('used_at'),
    );
    expect(reset.used_at).not.toBeNull();
  });

  it('holds a second link to the same address back for a while, and the first keeps working', async () => {
    const p = await profilePortal(db.current);
    const { client, agent } = await signedInClient(p);
    const target = newAddress();
    await askForEmailChange(agent, p.slug, { newEmail: target, password: client.password });
    const first = await newestEmailChangeToken(db.current, p.tenant.id);
    p.clock.advance(20_000);
    const again = await askForEmailChange(agent, p.slug, { newEmail: target, password: client.password });
    expect(again.status).toBe(429);
    // One a minute: the first link's minute has 40 seconds to run.
    expect(again.headers['retry-after']).toBe('40');
    expect(visibleText(again.text)).toContain(
      'Przed chwilą wysłaliśmy link na ten adres. Sprawdź tę skrzynkę. Spróbuj ponownie za 1 minutę.',
    );
    expect(await emailChangeTokens(db.current, p.tenant.id)).toHaveLength(1);
    expect((await confirmViaLink(p, first)).response.status).toBe(200);
  });

  it('holds a sixth link in a day back until the first one’s day is over, and says so in hours', async () => {
    const p = await profilePortal(db.current);
    const { client, agent } = await signedInClient(p);
    const target = newAddress();
    for (let i = 0; i < 5; i += 1) {
      expect((await askForEmailChange(agent, p.slug, { newEmail: target, password: client.password })).status).toBe(
        303,
      );
      p.clock.advance(60_000);
    }
    const sixth = await askForEmailChange(agent, p.slug, { newEmail: target, password: client.password });
    expect(sixth.status).toBe(429);
    // Five a day: the first went five minutes ago, so a day less five minutes to go.
    expect(sixth.headers['retry-after']).toBe(String(24 * 60 * 60 - 5 * 60));
    expect(visibleText(sixth.text)).toContain('Spróbuj ponownie za 24 godziny.');
  });

  it('does not confirm a link at another tenant', async () => {
    const p = await profilePortal(db.current);
    const other = await profilePortal(db.current);
    const { client, agent } = await signedInClient(p);
    await askForEmailChange(agent, p.slug, { newEmail: newAddress(), password: client.password });
    const token = await newestEmailChangeToken(db.current, p.tenant.id);
    expect((await confirmViaLink(other, token)).response.status).toBe(410);
    expect((await clientRow(db.current, p.tenant.id, client.id)).email).toBe(client.email);
    expect((await confirmViaLink(p, token)).response.status).toBe(200);
  });
});

describe('an e-mail change asked for before a new password', () => {
  it('no longer works once the password is changed: whoever knew the old one cannot take the account', async () => {
    const p = await profilePortal(db.current);
    const victim = await createActiveClient(db.current.app, p.tenant.id, { preferred_locale: 'en' });
    const attacker = await signedIn(p, victim);
    expect(
      (await askForEmailChange(attacker, p.slug, { newEmail: 'taker@evil.example', password: victim.password })).status,
    ).toBe(303);
    const token = await newestEmailChangeToken(db.current, p.tenant.id);

    // The owner reads the notice and changes the password, as it tells them to.
    const owner = await signedIn(p, victim);
    expect((await changePasswordVia(owner, p.slug, victim.password, 'Calkiem-Nowe-Haslo-2027')).status).toBe(303);

    const { response } = await confirmViaLink(p, token);
    expect(response.status).toBe(410);
    expect((await clientRow(db.current, p.tenant.id, victim.id)).email).toBe(victim.email);
  });
});
