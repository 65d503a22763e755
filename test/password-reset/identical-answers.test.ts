// "Forgot your password?" answers the same for every identifier: an account with an e-mail
// address (found by address or by login), one issued at the counter, a registration never
// activated, an account without an e-mail, a closed one, and nobody at all. Only the mailbox
// shows a difference: a reset link, an activation link, or nothing.
import { DAY, fromNow } from '../support/clock.ts';
import { describe, expect, it } from 'vitest';
import { headingOne, links, visibleText } from '../http/html.ts';
import { createActiveClient, createClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { askForLink, expectStatus, MINUTE, newAgent, portal, sentMails } from './helpers.ts';

const db = useTestDatabase();

/** What a visitor can observe of an answer, with the per-request values normalised. */
const observable = (response: { status: number; headers: Record<string, string>; text: string }) => ({
  status: response.status,
  location: response.headers.location,
  cacheControl: response.headers['cache-control'],
  referrerPolicy: response.headers['referrer-policy'],
  contentType: response.headers['content-type'],
  setCookie: response.headers['set-cookie'],
  body: response.text.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value="…"').replace(/nonce="[^"]+"/g, ''),
});

describe('asking for a reset link', () => {
  it('answers every identifier alike, and mails only the accounts that can use a link', async () => {
    const p = await portal(db.current, { passwordResetMinutes: 45 });
    const id = p.tenant.id;
    const active = await createActiveClient(db.current.app, id, { preferred_locale: 'en' });
    const withLogin = await createActiveClient(db.current.app, id, { login: 'jan.k-77' });
    // Issued at the counter with a login and no e-mail address: nothing can be sent.
    await createActiveClient(db.current.app, id, { email: null, login: 'okienko-0042' });
    const issued = await createClient(db.current.app, id, {
      status: 'issued',
      password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$c29tZWhhc2g',
      start_password_expires_at: fromNow(p.clock, 2 * DAY),
    });
    const pending = await createClient(db.current.app, id, {
      status: 'pending_activation',
      registration_expires_at: fromNow(p.clock, 3 * DAY),
    });
    const closing = await createActiveClient(db.current.app, id, {
      status: 'closing',
      closed_at: fromNow(p.clock, -3 * DAY),
    });
    const counterOnly = await createClient(db.current.app, id, { status: 'counter_only' });

    const identifiers = [
      active.email!,
      // The address as typed by someone else: case and surrounding spaces do not matter.
      `  ${withLogin.email!.toUpperCase()} `,
      'JAN.K-77',
      'okienko-0042',
      issued.email!,
      pending.email!,
      closing.email!,
      counterOnly.email!,
      'nobody@example.test',
      'no-such-login',
    ];
    const answers = [];
    for (const identifier of identifiers) {
      const agent = newAgent(p.app);
      const posted = await askForLink(p, identifier, agent);
      const shown = await agent.get(posted.headers.location ?? '/').set('Accept-Language', 'en');
      answers.push({ posted: observable(posted), shown: observable(shown) });
    }
    expect(answers[0]!.posted.status).toBe(303);
    expect(answers[0]!.posted.location).toBe(`/${p.slug}/forgot-password/sent`);
    expect(answers[0]!.shown.status).toBe(200);
    for (const [index, answer] of answers.entries()) {
      expect({ identifier: identifiers[index], ...answer }).toEqual({ identifier: identifiers[index], ...answers[0] });
    }

    const sent = answers[0]!.shown.body;
    expect(headingOne(sent)).toBe('Check your mailbox');
    const text = visibleText(sent);
    expect(text).toContain(
      'If the account has an e-mail address, a link for setting a new password is on its way to it.',
    );
    expect(text).toContain('The link is valid for 45 minutes and works only once');
    expect(text).toContain('cannot get a new password online. Please visit the front desk with an identity document');
    expect(links(sent)).toContain(`/${p.slug}/`);

    const mails = await sentMails(db.current, id);
    expect(mails.map(({ template, recipient, status }) => ({ template, recipient, status }))).toEqual([
      { template: 'password-reset', recipient: active.email, status: 'queued' },
      { template: 'password-reset', recipient: withLogin.email, status: 'queued' },
      // The same account by its login: a new link, held back by the address's one-a-minute throttle.
      { template: 'password-reset', recipient: withLogin.email, status: 'dropped' },
      { template: 'password-reset', recipient: issued.email, status: 'queued' },
      { template: 'activation', recipient: pending.email, status: 'queued' },
    ]);
    expect(mails[0]!.params).toMatchObject({ firstName: 'Anna', validMinutes: 45 });
    expect(mails[0]!.params.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('a registration past its expiry gets nothing, as an unknown address', async () => {
    const p = await portal(db.current);
    const pending = await createClient(db.current.app, p.tenant.id, {
      status: 'pending_activation',
      registration_expires_at: fromNow(p.clock, 30 * MINUTE),
    });
    p.clock.advance(31 * MINUTE);
    expectStatus(await askForLink(p, pending.email!), 303);
    expect(await sentMails(db.current, p.tenant.id)).toEqual([]);
  });

  it('the form says how long the link lasts and what an account without an e-mail does, in the visitor’s language', async () => {
    const p = await portal(db.current, { passwordResetMinutes: 90 });
    const en = await newAgent(p.app).get(`/${p.slug}/forgot-password?lang=en`).expect(200);
    expect(headingOne(en.text)).toBe('Forgot your password?');
    expect(visibleText(en.text)).toContain('the link is valid for 90 minutes.');
    expect(visibleText(en.text)).toContain('Your account has no e-mail address?');
    expect(en.text).toContain('<label for="identifier">E-mail address or login</label>');
    expect(links(en.text)).toContain(`/${p.slug}/`);
    const pl = await newAgent(p.app).get(`/${p.slug}/forgot-password?lang=pl`).expect(200);
    expect(visibleText(pl.text)).toContain('link jest ważny przez 90 minut.');
    expect(visibleText(pl.text)).toContain('Przyjdź do punktu obsługi z dokumentem tożsamości');
    const cs = await newAgent(p.app).get(`/${p.slug}/forgot-password?lang=cs`).expect(200);
    expect(visibleText(cs.text)).toContain('odkaz platí 90 minut.');
    // The sign-in page links here.
    const signIn = await newAgent(p.app).get(`/${p.slug}/sign-in`).expect(200);
    expect(links(signIn.text)).toContain(`/${p.slug}/forgot-password`);
  });

  it('an empty field gets a clear message and sends nothing', async () => {
    const p = await portal(db.current);
    for (const identifier of ['', '   ']) {
      const response = expectStatus(await askForLink(p, identifier), 422);
      expect(response.text).toContain('<a href="#identifier">This field is required.');
      expect(response.text).toMatch(/<input id="identifier"[^>]*aria-invalid="true"/);
    }
    const tooLong = expectStatus(await askForLink(p, `${'a'.repeat(250)}@example.test`), 422);
    expect(tooLong.text).toContain('<a href="#identifier">');
    expect(await sentMails(db.current, p.tenant.id)).toEqual([]);
  });
});

describe('rate limits', () => {
  it('one identifier asked for too often gets the 429 page, whoever asks; others still go through', async () => {
    const limits = { requestPerIdentifier: { points: 3, durationSeconds: 3600 } };
    const p = await portal(db.current, {}, { limits });
    const client = await createActiveClient(db.current.app, p.tenant.id);
    for (let attempt = 0; attempt < 3; attempt++) expectStatus(await askForLink(p, client.email!), 303);
    // Written differently, it is the same identifier.
    const refused = expectStatus(await askForLink(p, ` ${client.email!.toUpperCase()}`), 429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(headingOne(refused.text)).toBeDefined();
    expect(refused.text).toContain(p.tenant.input.name);
    // An unknown one is limited the same way: the 429 tells nothing about the account.
    for (let attempt = 0; attempt < 3; attempt++) expectStatus(await askForLink(p, 'nobody@example.test'), 303);
    expectStatus(await askForLink(p, 'nobody@example.test'), 429);
    expectStatus(await askForLink(p, 'someone.else@example.test'), 303);
  });

  it('one IP asking for many identifiers is stopped', async () => {
    const limits = { requestPerIp: { points: 4, durationSeconds: 3600 } };
    const p = await portal(db.current, {}, { limits });
    for (let attempt = 0; attempt < 4; attempt++)
      expectStatus(await askForLink(p, `person${attempt}@example.test`), 303);
    expectStatus(await askForLink(p, 'person9@example.test'), 429);
  });
});
