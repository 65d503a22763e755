// 1,000 random submissions to each form (fast-check), with the rate limits raised: every one
// is answered with a re-rendered form, a redirect or a 4xx page, never a 5xx, and what fails
// validation writes nothing. Repeated and unknown fields and malformed encodings included.
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { Express } from 'express';
import { describe, expect, it } from 'vitest';
import { makePesel } from '../../src/lib/pesel.ts';
import { useTestDatabase } from '../support/database.ts';
import { csrfTokenIn, newAgent, type Agent } from '../support/sessions.ts';
import { counts, expectStatus, portal, register, registrationFields, type Counts } from './helpers.ts';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';

const db = useTestDatabase();
const RUNS = 1_000;

const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 150 }),
  fc.constantFrom('', ' ', '\u0000', '\u202E', 'a'.repeat(101), '<script>alert(1)</script>', '%FF', '١٢٣'),
);
const peselLike = fc.oneof(
  anyText,
  fc.stringMatching(/^[0-9]{9,13}$/),
  fc
    .record({
      year: fc.integer({ min: 1800, max: 2299 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      serial: fc.integer({ min: 0, max: 9999 }),
    })
    .map((parts) => makePesel(parts))
    // One digit changed: never a PESEL any more.
    .chain((pesel) =>
      fc
        .integer({ min: 0, max: 10 })
        .map((i) => pesel.slice(0, i) + String((Number(pesel[i]) + 5) % 10) + pesel.slice(i + 1)),
    ),
);
const emailLike = fc.oneof(
  anyText,
  fc.emailAddress().map((email) => `${email}@`),
  fc.constantFrom('a@b', '@example.test', 'x@y@z'),
);

/** A form body as pairs: the fields in any order, some repeated or missing, unknown ones added. */
function body(fields: Record<string, fc.Arbitrary<string>>) {
  const pair = fc.oneof(
    ...Object.entries(fields).map(([name, value]) => value.map((v): [string, string] => [name, v])),
    fc.tuple(fc.constantFrom('tenant_id', 'status', 'id', 'firstName[]', '__proto__', 'constructor'), anyText),
  );
  return fc.record({
    pairs: fc.array(pair, { maxLength: 8 }),
    raw: fc.constantFrom('', '&firstName=%FF%FE', '&email=%E0%A4%A', '&pesel=%', '&&&=&'),
  });
}

async function formToken(agent: Agent, path: string): Promise<string> {
  return csrfTokenIn((await agent.get(path).expect(200)).text);
}

/** Posts every generated body; checks the status and, for anything but success, that nothing was written. */
async function fuzz(
  app: Express,
  tenantId: TenantId,
  {
    formPath,
    action,
    arbitrary,
    success,
  }: {
    formPath: string;
    action: string;
    arbitrary: fc.Arbitrary<{ pairs: [string, string][]; raw: string }>;
    success: number[];
  },
) {
  const agent = newAgent(app);
  const csrf = await formToken(agent, formPath);
  const statuses = new Map<number, number>();
  let before: Counts = await counts(db.current, tenantId);
  await fc.assert(
    fc.asyncProperty(arbitrary, async ({ pairs, raw }) => {
      const params = new URLSearchParams([['_csrf', csrf], ...pairs]);
      const response = await agent
        .post(action)
        .type('form')
        .send(params.toString() + raw);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status).toBeLessThan(500);
      expect([422, 410, ...success]).toContain(response.status);
      const after = await counts(db.current, tenantId);
      if (!success.includes(response.status)) expect(after).toEqual(before);
      before = after;
    }),
    { numRuns: RUNS },
  );
  return statuses;
}

// A thousand requests take seconds; the default 30 s leaves too little room on a busy machine.
const SLOW = { timeout: 180_000 };

describe('random submissions', () => {
  it('to the registration form', SLOW, async () => {
    const p = await portal(db.current, { nationalId: 'optional' });
    const statuses = await fuzz(p.app, p.tenant.id, {
      formPath: `/${p.slug}/register`,
      action: `/${p.slug}/register`,
      arbitrary: body({
        firstName: anyText,
        lastName: anyText,
        email: emailLike,
        pesel: peselLike,
        accept: fc.oneof(fc.constant('yes'), anyText),
      }),
      success: [303, 200],
    });
    expect(statuses.get(422)).toBeGreaterThan(RUNS * 0.9);
  });

  it('to the resend form', SLOW, async () => {
    const p = await portal(db.current);
    const statuses = await fuzz(p.app, p.tenant.id, {
      formPath: `/${p.slug}/register/resend`,
      action: `/${p.slug}/register/resend`,
      arbitrary: body({ email: emailLike }),
      // A well-formed address gets the usual answer; no registration is pending, so nothing is written.
      success: [],
    });
    expect(statuses.get(422)).toBeGreaterThan(RUNS * 0.9);
  });

  it('to the set-password form, with a live link and without', SLOW, async () => {
    const p = await portal(db.current, { passwordPolicy: 'sports_centre' });
    // A live link: its token comes from the database side, as the mail's would.
    expectStatus(await register(newAgent(p.app), p.slug, registrationFields()), 303);
    const live = randomBytes(32).toString('base64url');
    await withTenant(db.current.app, p.tenant.id, (trx) =>
      trx('account_tokens').update({ token_hash: createHash('sha256').update(live).digest() }),
    );
    const weakPassword = fc.oneof(
      anyText,
      fc.string({ maxLength: 7 }),
      fc.constantFrom('Password1', 'Qwerty123!', 'Zofia1234'),
    );
    const statuses = await fuzz(p.app, p.tenant.id, {
      formPath: `/${p.slug}/activate?token=${live}`,
      action: `/${p.slug}/activate`,
      // The token once (the live one most of the time), the other fields as random as elsewhere.
      arbitrary: fc
        .tuple(
          fc.oneof(
            { arbitrary: fc.constant(live), weight: 3 },
            anyText,
            fc.base64String({ minLength: 44, maxLength: 44 }),
          ),
          body({ password: weakPassword, passwordConfirmation: weakPassword }),
        )
        .map(([token, { pairs, raw }]) => ({ pairs: [['token', token] as [string, string], ...pairs], raw })),
      // Should both fields ever draw the same acceptable password, the account is activated: fine.
      success: [303],
    });
    // Both ways through the form were taken many times (about 3 in 5 with the live link).
    expect(statuses.get(422)).toBeGreaterThan(RUNS * 0.3);
    expect(statuses.get(410)).toBeGreaterThan(RUNS * 0.1);
  });
});
