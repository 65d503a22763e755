// Who may register: an active PESEL goes to the front desk, a pending one with the same
// e-mail gets its link again, an expired registration frees its PESEL, an address in use
// gets the same answer as a new one (and its owner a notice); too young, or a tenant
// without PESEL or without self-registration; the rate limits.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { makePesel } from '../../src/lib/pesel.ts';
import { useTestDatabase } from '../support/database.ts';
import { frontDeskInput } from '../support/factories.ts';
import { postForged } from '../support/forms.ts';
import { newAgent } from '../support/sessions.ts';
import { headingOne, visibleText } from '../http/html.ts';
import {
  ADULT_PESEL,
  clientByEmail,
  counts,
  expectStatus,
  portal,
  queuedMails,
  register,
  registrationFields,
  submit,
} from './helpers.ts';

const db = useTestDatabase();
const MINUTE = 60_000;

async function activate(tenantId: Parameters<typeof counts>[1], email: string) {
  await withTenant(db.current.app, tenantId, (trx) =>
    trx('clients')
      .where({ email_key: email })
      .update({ status: 'active', password_hash: '$argon2id$test', registration_expires_at: null }),
  );
}

describe('registering a PESEL or an e-mail address that is already known', () => {
  it('an active PESEL is sent to the front desk, with its address and opening hours', async () => {
    const desk = frontDeskInput({ name: 'Kasa główna', street: 'ul. Sportowa 5', hours: [[2, '07:00', '21:00']] });
    const p = await portal(db.current, { nationalId: 'required' }, { desks: [desk] });
    const first = registrationFields({ pesel: ADULT_PESEL });
    expectStatus(await register(newAgent(p.app), p.slug, first), 303);
    await activate(p.tenant.id, first.email);
    const before = await counts(db.current, p.tenant.id);

    p.clock.advance(5 * MINUTE);
    const second = expectStatus(
      await register(newAgent(p.app), p.slug, registrationFields({ pesel: ADULT_PESEL })),
      200,
    );
    expect(headingOne(second.text)).toBe('Please visit the front desk');
    const text = visibleText(second.text);
    expect(text).toContain('An account has already been created for this PESEL number');
    expect(text).toContain('Kasa główna');
    expect(text).toContain('ul. Sportowa 5');
    expect(text).toContain('07:00–21:00');
    expect(await counts(db.current, p.tenant.id)).toEqual(before);
  });

  it('a pending PESEL with the same e-mail gets its link again; with another e-mail, a registration of its own', async () => {
    const p = await portal(db.current, { nationalId: 'required' });
    const fields = registrationFields({ pesel: ADULT_PESEL });
    expectStatus(await register(newAgent(p.app), p.slug, fields), 303);
    p.clock.advance(2 * MINUTE); // past the activation mail's one-a-minute throttle
    const again = expectStatus(
      await register(newAgent(p.app), p.slug, { ...fields, email: fields.email.toUpperCase() }),
      303,
    );
    expect(again.headers.location).toBe(`/${p.slug}/register/sent`);
    expect(await queuedMails(db.current, p.tenant.id)).toEqual([
      { template: 'activation', recipient: fields.email, status: 'queued' },
      { template: 'activation', recipient: fields.email, status: 'queued' },
    ]);
    expect((await counts(db.current, p.tenant.id)).clients).toBe(1);

    // A pending registration holds no PESEL: nobody can block a stranger's number by
    // registering it first (the first account activated holds it; see activation-journey).
    const other = registrationFields({ pesel: fields.pesel });
    expectStatus(await register(newAgent(p.app), p.slug, other), 303);
    expect((await clientByEmail(db.current, p.tenant.id, other.email)).status).toBe('pending_activation');
  });

  it('tells nothing about an e-mail address through a PESEL: the same answers whether the address is known', async () => {
    const p = await portal(db.current, { nationalId: 'required' });
    const known = registrationFields({ pesel: ADULT_PESEL });
    expectStatus(await register(newAgent(p.app), p.slug, known), 303);
    await activate(p.tenant.id, known.email);
    // The probe: register the address with a fresh PESEL, then the same PESEL with another address.
    const probe = async (email: string, serial: number) => {
      const pesel = makePesel({ year: 1980, month: 1, day: 1, serial });
      const first = await register(newAgent(p.app), p.slug, registrationFields({ email, pesel }));
      const second = await register(newAgent(p.app), p.slug, registrationFields({ pesel }));
      return [first.status, first.headers.location, second.status, second.headers.location];
    };
    p.clock.advance(2 * MINUTE);
    expect(await probe(known.email, 1234)).toEqual(await probe(registrationFields().email, 2345));
  });

  it('a registration past its expiry frees its address, and is removed', async () => {
    const p = await portal(db.current, { nationalId: 'required', activationLinkHours: 1 });
    const stale = registrationFields({ pesel: ADULT_PESEL });
    expectStatus(await register(newAgent(p.app), p.slug, stale), 303);
    const { id: staleId } = await clientByEmail(db.current, p.tenant.id, stale.email);
    p.clock.advance(26 * 60 * MINUTE); // the link's hour plus the 24-hour grace, and more
    const fresh = registrationFields({ pesel: ADULT_PESEL, email: stale.email });
    expectStatus(await register(newAgent(p.app), p.slug, fresh), 303);
    const created = await clientByEmail(db.current, p.tenant.id, stale.email);
    expect(created.status).toBe('pending_activation');
    expect(created.id).not.toBe(staleId);
  });

  it('an address in use gets the same answer as a new one, and its owner a notice', async () => {
    const p = await portal(db.current, { nationalId: 'optional' });
    const owner = registrationFields();
    expectStatus(await register(newAgent(p.app), p.slug, owner), 303);
    await activate(p.tenant.id, owner.email);

    const fresh = expectStatus(await register(newAgent(p.app), p.slug, registrationFields()), 303);
    const taken = expectStatus(
      await register(newAgent(p.app), p.slug, registrationFields({ email: owner.email, firstName: 'Ktoś' })),
      303,
    );
    expect(taken.headers.location).toBe(fresh.headers.location);
    expect(taken.text).toBe(fresh.text);
    const mails = await queuedMails(db.current, p.tenant.id);
    expect(mails.filter((mail) => mail.recipient === owner.email).map((mail) => mail.template)).toEqual([
      'activation',
      'registration-attempt',
    ]);
    expect((await counts(db.current, p.tenant.id)).clients).toBe(2);
  });

  it('two registrations racing with the same new address both get the usual answer, and one account', async () => {
    const p = await portal(db.current, { nationalId: 'optional' });
    const email = registrationFields().email;
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => register(newAgent(p.app), p.slug, registrationFields({ email }))),
    );
    expect(answers.map((answer) => answer.status)).toEqual([303, 303, 303, 303]);
    expect((await counts(db.current, p.tenant.id)).clients).toBe(1);
  });

  it('someone younger than the minimum age is sent to the front desk, and nothing is written', async () => {
    const p = await portal(db.current, { nationalId: 'required', minimumAge: 16 });
    const young = makePesel({ year: 2012, month: 3, day: 1, serial: 1234 });
    const response = expectStatus(await register(newAgent(p.app), p.slug, registrationFields({ pesel: young })), 200);
    expect(visibleText(response.text)).toContain('You must be at least 16 years old to register yourself.');
    expect(await counts(db.current, p.tenant.id)).toEqual({ clients: 0, consents: 0, tokens: 0, mails: 0 });
  });
});

describe('the form at each tenant', () => {
  it('has labelled fields with the standard autocomplete tokens, the PESEL field when used, and the linked consent', async () => {
    const p = await portal(db.current, { nationalId: 'required', regulations: { version: 'R-7' } });
    const page = await newAgent(p.app).get(`/${p.slug}/register?lang=en`).expect(200);
    expect(headingOne(page.text)).toBe('Create an account');
    for (const [name, token] of [
      ['firstName', 'given-name'],
      ['lastName', 'family-name'],
      ['email', 'email'],
      ['pesel', 'off'],
    ]) {
      expect(page.text).toContain(`<label for="${name}">`);
      expect(page.text).toMatch(
        new RegExp(`<input id="${name}" name="${name}" type="\\w+" value=""[^>]* autocomplete="${token}"`),
      );
    }
    expect(page.text).toMatch(/name="pesel"[^>]* inputmode="numeric"/);
    expect(page.text).toContain(`<label for="accept">`);
    expect(page.text).toContain(`href="/${p.slug}/regulations"`);
    expect(page.text).toContain(`href="/${p.slug}/privacy"`);
    expect(page.text).toContain(`href="/${p.slug}/register/resend"`);
    expect(page.text.match(/<button/g)).toHaveLength(1);
    for (const lang of ['pl', 'cs']) {
      const translated = await newAgent(p.app).get(`/${p.slug}/register?lang=${lang}`).expect(200);
      expect(headingOne(translated.text)).toBe(lang === 'pl' ? 'Załóż konto' : 'Založit účet');
    }
    // The portal's own terms, with the tenant's version.
    const terms = await newAgent(p.app).get(`/${p.slug}/regulations?lang=en`).expect(200);
    expect(headingOne(terms.text)).toBe('Terms of the e-services');
    expect(visibleText(terms.text)).toContain('Version R-7');
  });

  it('links the tenant’s own regulations when it has them', async () => {
    const url = 'https://mosir.example.test/regulamin';
    const p = await portal(db.current, { regulations: { version: '3', url } });
    const page = await newAgent(p.app).get(`/${p.slug}/register`).expect(200);
    expect(page.text).toContain(`href="${url}"`);
    const terms = await newAgent(p.app).get(`/${p.slug}/regulations`).expect(302);
    expect(terms.headers.location).toBe(url);
  });

  it('a Czech tenant without PESEL has no PESEL field and registers with name and e-mail only', async () => {
    const p = await portal(db.current, { nationalId: 'none' });
    const page = await newAgent(p.app).get(`/${p.slug}/register?lang=cs`).expect(200);
    expect(page.text).not.toContain('name="pesel"');
    const fields = registrationFields();
    expectStatus(await register(newAgent(p.app), p.slug, fields, 'cs'), 303);
    expect((await clientByEmail(db.current, p.tenant.id, fields.email)).national_id_index).toBeNull();
    // A PESEL sent anyway (not by this page) is ignored, as every unknown field is.
    const forged = { ...registrationFields(), accept: 'yes', pesel: ADULT_PESEL };
    const form = `/${p.slug}/register`;
    expectStatus(await postForged(newAgent(p.app), `${form}?lang=cs`, form, forged), 303);
    expect((await clientByEmail(db.current, p.tenant.id, forged.email)).national_id_index).toBeNull();
  });

  it('a tenant without self-registration has none of the pages (404), GET or POST', async () => {
    const p = await portal(db.current, { selfRegistration: false });
    for (const path of [
      '/register',
      '/register/sent',
      '/register/resend',
      '/register/resend/sent',
      '/activate',
      '/activate?token=x',
      '/activate/done',
    ]) {
      await newAgent(p.app).get(`/${p.slug}${path}`).expect(404);
    }
    // A valid CSRF token of this tenant (from its sign-in form), so the POSTs reach the router.
    const fields = { ...registrationFields(), accept: 'yes' };
    for (const path of ['/register', '/register/resend', '/activate']) {
      const agent = newAgent(p.app);
      expectStatus(await postForged(agent, `/${p.slug}/sign-in`, `/${p.slug}${path}`, fields), 404);
    }
    expect(await counts(db.current, p.tenant.id)).toEqual({ clients: 0, consents: 0, tokens: 0, mails: 0 });
  });
});

describe('rate limits', () => {
  it('the registration form answers 429 after too many tries per PESEL, from any address', async () => {
    const p = await portal(
      db.current,
      { nationalId: 'required' },
      { limits: { registerPerPesel: { points: 2, durationSeconds: 3600 } } },
    );
    const pesel = makePesel({ year: 1980, month: 6, day: 15, serial: 4321 });
    for (let i = 0; i < 2; i++) {
      expectStatus(await register(newAgent(p.app), p.slug, registrationFields({ pesel, accept: false }), 'en'), 422);
    }
    const limited = await register(newAgent(p.app), p.slug, registrationFields({ pesel }));
    expect(limited.status).toBe(429);
    expect(headingOne(limited.text)).toBe('Too many attempts');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another PESEL is not held back, and no counter's key holds the number.
    expectStatus(await register(newAgent(p.app), p.slug, registrationFields({ pesel: ADULT_PESEL })), 303);
    const keys = await db.current.owner('rate_limits').pluck('key');
    expect(keys.some((key: string) => key.includes(pesel) || key.includes(ADULT_PESEL))).toBe(false);
  });

  it('the resend form answers 429 after too many tries per address', async () => {
    const p = await portal(db.current, {}, { limits: { resendPerEmail: { points: 1, durationSeconds: 3600 } } });
    const email = 'someone@example.test';
    expectStatus(await submit(newAgent(p.app), `/${p.slug}/register/resend`, { email }), 303);
    expectStatus(
      await submit(newAgent(p.app), `/${p.slug}/register/resend`, { email: ` ${email.toUpperCase()}` }),
      429,
    );
    expectStatus(await submit(newAgent(p.app), `/${p.slug}/register/resend`, { email: 'other@example.test' }), 303);
    // The counter's key is keyed: neither the address nor its plain hash can be read or guessed.
    const plain = createHash('sha256').update(email).digest('base64url');
    const keys: string[] = await db.current.owner('rate_limits').pluck('key');
    expect(keys.some((key) => key.startsWith('registration-resend:email'))).toBe(true);
    expect(keys.some((key) => key.includes(email) || key.includes(plain))).toBe(false);
  });
});
