// A PESEL that is not one is refused with a clear message and nothing written; the resend
// form answers the same whether the address is pending, active or unknown.
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { newAgent } from '../support/sessions.ts';
import { visibleText } from '../http/html.ts';
import { counts, expectStatus, portal, register, registrationFields, submit } from './helpers.ts';

const db = useTestDatabase();

const CHECKSUM = 'This PESEL number is not valid: its last digit does not match.';
const DATE = 'The first six digits of this PESEL number are not a real date of birth.';
const LENGTH = 'A PESEL number has exactly 11 digits.';
const DIGITS = 'Enter the PESEL number using only the digits 0–9.';

const REJECTED: [label: string, pesel: string, message: string][] = [
  ['a bad check digit', '44051401358', CHECKSUM],
  ['month 13', '44131401359', DATE],
  ['30 February', '00023012340', DATE],
  ['29 February in a non-leap year (1900)', '00022912340', DATE],
  ['29 February in a non-leap year (2023)', '23222912340', DATE],
  // Each century's month offset, with a day its month does not have and with month 13.
  ...[80, 0, 20, 40, 60].flatMap((offset): [string, string, string][] => [
    [`31 April, offset ${offset}`, `99${String(4 + offset).padStart(2, '0')}3112340`, DATE],
    [`month 13, offset ${offset}`, `99${String(13 + offset).padStart(2, '0')}0112340`, DATE],
  ]),
  ['month 00', '99000112340', DATE],
  ['10 digits', '4405140135', LENGTH],
  ['12 digits', '440514013591', LENGTH],
  ['a letter', '4405140135O', DIGITS],
  ['full-width digits', '４４０５１４０１３５９', DIGITS],
  ['a space inside', '440514 01359', DIGITS],
];

describe('the PESEL field', () => {
  it.each(REJECTED)('refuses %s with a clear message, writing nothing', async (_label, pesel, message) => {
    const p = await portal(db.current, { nationalId: 'required' });
    const response = expectStatus(await register(newAgent(p.app), p.slug, registrationFields({ pesel })), 422);
    expect(response.text).toContain(`<a href="#pesel">${message}`);
    expect(response.text).toMatch(/name="pesel" type="text" value="[^"]*"[^>]*aria-invalid="true"/);
    expect(await counts(db.current, p.tenant.id)).toEqual({ clients: 0, consents: 0, tokens: 0, mails: 0 });
  });

  it('is required where the tenant requires it, and may be left empty where optional', async () => {
    const required = await portal(db.current, { nationalId: 'required' });
    const missing = expectStatus(
      await register(newAgent(required.app), required.slug, registrationFields({ pesel: '  ' })),
      422,
    );
    expect(missing.text).toContain('<a href="#pesel">This field is required.');
    const optional = await portal(db.current, { nationalId: 'optional' });
    expectStatus(await register(newAgent(optional.app), optional.slug, registrationFields({ pesel: '  ' })), 303);
    expectStatus(
      await register(newAgent(optional.app), optional.slug, registrationFields({ pesel: ' 44051401359 ' })),
      303,
    );
  });

  it('the other fields: names, e-mail and the consent, each with its message in the visitor’s language', async () => {
    const p = await portal(db.current, { nationalId: 'none' });
    const response = expectStatus(
      await register(
        newAgent(p.app),
        p.slug,
        { firstName: ' ', lastName: 'Nowak\u202E', email: 'nie-adres', accept: false },
        'pl',
      ),
      422,
    );
    const text = visibleText(response.text);
    expect(text).toContain('To pole jest wymagane.');
    expect(text).toContain('Usuń z tego pola niewidoczne lub sterujące znaki.');
    expect(text).toContain('Aby założyć konto, zaakceptuj regulamin');
    for (const field of ['firstName', 'lastName', 'email', 'accept'])
      expect(response.text).toContain(`<a href="#${field}">`);
    expect(response.text).toContain('value="Nowak\u202E"');
    expect(response.text).not.toMatch(/<input id="accept"[^>]* checked/);
    expect(await counts(db.current, p.tenant.id)).toEqual({ clients: 0, consents: 0, tokens: 0, mails: 0 });
  });

  it('takes names as people write them, and no link or message in a name (it goes into the mail)', async () => {
    const p = await portal(db.current, { nationalId: 'none' });
    for (const lastName of ['Visit https://evil.example', 'Nowak <b>', 'Kowalski: call 123']) {
      const refused = expectStatus(
        await register(newAgent(p.app), p.slug, registrationFields({ lastName }), 'pl'),
        422,
      );
      expect(visibleText(refused.text)).toContain('Wpisz imię lub nazwisko literami');
    }
    expect(await counts(db.current, p.tenant.id)).toEqual({ clients: 0, consents: 0, tokens: 0, mails: 0 });
    for (const [firstName, lastName] of [
      ['Anna-Maria', 'Żółkiewska'],
      ['Seán', "O'Neill"],
      ['Jiří', 'Dvořák Jr.'],
    ] as const) {
      expectStatus(await register(newAgent(p.app), p.slug, registrationFields({ firstName, lastName })), 303);
    }
  });
});

describe('"didn’t get the link?"', () => {
  /** What a visitor can observe of an answer, with the per-request values normalised. */
  const observable = (response: { status: number; headers: Record<string, string>; text: string }) => ({
    status: response.status,
    location: response.headers.location,
    cacheControl: response.headers['cache-control'],
    contentType: response.headers['content-type'],
    setCookie: response.headers['set-cookie'],
    body: response.text.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value="…"').replace(/nonce="[^"]+"/g, ''),
  });

  it('answers exactly the same for a pending, an active and an unknown address', async () => {
    const p = await portal(db.current);
    const pending = registrationFields();
    const active = registrationFields();
    expectStatus(await register(newAgent(p.app), p.slug, pending), 303);
    expectStatus(await register(newAgent(p.app), p.slug, active), 303);
    await withTenant(db.current.app, p.tenant.id, (trx) =>
      trx('clients')
        .where({ email_key: active.email })
        .update({ status: 'active', password_hash: '$argon2id$test', registration_expires_at: null }),
    );
    p.clock.advance(5 * 60_000);
    const answers = [];
    for (const email of [pending.email, active.email, 'nobody@example.test']) {
      const agent = newAgent(p.app);
      const posted = await submit(agent, `/${p.slug}/register/resend`, { email });
      const shown = await agent.get(posted.headers.location ?? '/').set('Accept-Language', 'en');
      answers.push({ posted: observable(posted), shown: observable(shown) });
    }
    expect(answers[0]!.posted.status).toBe(303);
    expect(answers[0]!.shown.status).toBe(200);
    expect(visibleText(answers[0]!.shown.body)).toContain(
      'If this address is waiting for activation, a new link is on its way.',
    );
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    // Only the pending registration got a new link.
    expect((await counts(db.current, p.tenant.id)).mails).toBe(3);
  });
});
