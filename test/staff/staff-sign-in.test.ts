// The staff sign-in through the real app, forms posted as rendered: the password, then a TOTP
// code (±1 step, each step once) or a recovery code (once); five wrong codes lock the second
// factor for fifteen minutes; an invitation leads to enrolment with a code computed from the
// secret the page shows, the QR code inline SVG; the client's and the staff's sessions in one
// browser stay apart; every page in three languages; every bad input a message, never a 500.
import { describe, expect, it } from 'vitest';
import { totpAt } from '../../src/platform/crypto/totp.ts';
import { createStaff, type StaffDeps } from '../../src/features/staff/index.ts';
import { asTenantId, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { createTestApp } from '../support/app.ts';
import { createActiveClient } from '../support/clients.ts';
import { clockStartingNow, MINUTE } from '../support/clock.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { formIn, postForm, submitForm } from '../support/forms.ts';
import { newAgent, signInAs, type Agent } from '../support/sessions.ts';
import { createActiveStaff, STAFF_PASSWORD, type TestStaffMember } from '../support/staff.ts';

const db = useTestDatabase();
const STEP = 30_000;
const LIMITS = {
  staffSignInPerIp: { points: 1000, durationSeconds: 60 },
  staffSignInPerEmail: { points: 1000, durationSeconds: 60 },
};

async function setUp() {
  const clock = clockStartingNow();
  const created = await createTenant(db.current.owner);
  const { app, registry } = await createTestApp(db.current, { clock, limits: LIMITS });
  const tenant = registry.findById(created.id)!;
  return { app, clock, tenant, slug: created.input.slug, tenantId: created.id };
}

const signInWithPassword = (agent: Agent, slug: string, member: Pick<TestStaffMember, 'email' | 'password'>) =>
  submitForm(
    agent,
    `/${slug}/admin/sign-in?lang=en`,
    { email: member.email, password: member.password },
    { action: `/${slug}/admin/sign-in` },
  );

const enterCode = (agent: Agent, slug: string, code: string) =>
  submitForm(agent, `/${slug}/admin/sign-in/code?lang=en`, { code }, { action: `/${slug}/admin/sign-in/code` });

async function toCodeStep(agent: Agent, slug: string, member: TestStaffMember) {
  const response = await signInWithPassword(agent, slug, member);
  expect(response.status).toBe(303);
  expect(response.headers.location).toBe(`/${slug}/admin/sign-in/code`);
}

const auditActions = (tenantId: string, staffId: string) =>
  withTenant(db.current.owner, asTenantId(tenantId), (trx) =>
    trx('audit_log').where({ subject_id: staffId }).orderBy('occurred_at').pluck('action'),
  );

describe('staff sign-in', () => {
  it('answers a sign-in form sent from a tab opened before signing in without a 500', async () => {
    const { app, clock, slug, tenantId } = await setUp();
    const member = await createActiveStaff(db.current.app, tenantId);
    const colleague = await createActiveStaff(db.current.app, tenantId);
    const agent = newAgent(app);
    // An old tab: the sign-in form, read before this browser signed in.
    const oldTab = formIn(
      (await agent.get(`/${slug}/admin/sign-in?lang=en`).expect(200)).text,
      `/${slug}/admin/sign-in`,
    );
    await toCodeStep(agent, slug, member);
    expect((await enterCode(agent, slug, totpAt(member.totpSecret, clock.now()))).status).toBe(303);
    await agent.get(`/${slug}/admin/`).expect(200);
    // Already signed in, the old tab sends the colleague's password: an answer, never a 500.
    const sent = await postForm(agent, oldTab, { email: colleague.email, password: colleague.password });
    expect(sent.status).toBeLessThan(500);
    // The member is signed in still, or afresh: either way the dashboard or the sign-in answers.
    expect([200, 303]).toContain((await agent.get(`/${slug}/admin/`)).status);
  });

  it('accepts a code of the step before, the step and the step after, refuses two steps off, and a code once', async () => {
    const { app, clock, slug, tenantId } = await setUp();
    const member = await createActiveStaff(db.current.app, tenantId);
    const agent = newAgent(app);

    // The password alone signs nobody in.
    await toCodeStep(agent, slug, member);
    await agent.get(`/${slug}/admin/`).expect(303).expect('Location', `/${slug}/admin/sign-in`);

    for (const steps of [-2, 2]) {
      const refused = await enterCode(
        agent,
        slug,
        totpAt(member.totpSecret, new Date(clock.now().getTime() + steps * STEP)),
      );
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('This code is not correct');
    }
    for (const steps of [-1, 0, 1]) {
      clock.advance(5 * STEP);
      const browser = newAgent(app);
      await toCodeStep(browser, slug, member);
      const code = totpAt(member.totpSecret, new Date(clock.now().getTime() + steps * STEP));
      const accepted = await enterCode(browser, slug, code);
      expect(accepted.status).toBe(303);
      expect(accepted.headers.location).toBe(`/${slug}/admin/`);
      await browser.get(`/${slug}/admin/`).expect(200);

      // The same code again, in another browser within its window: a replay.
      const other = newAgent(app);
      await toCodeStep(other, slug, member);
      const replayed = await enterCode(other, slug, code);
      expect(replayed.status).toBe(422);
      expect(replayed.text).toContain('already been used');
    }
  });

  it('locks the second factor after five wrong codes, for fifteen minutes', async () => {
    const { app, clock, slug, tenantId } = await setUp();
    const member = await createActiveStaff(db.current.app, tenantId);
    const agent = newAgent(app);
    await toCodeStep(agent, slug, member);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect((await enterCode(agent, slug, '000000')).status).toBe(422);
    }
    const locked = await enterCode(agent, slug, '000000');
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('paused until');
    // Locked: even the right code is refused.
    expect((await enterCode(agent, slug, totpAt(member.totpSecret, clock.now()))).status).toBe(429);
    expect(await auditActions(tenantId, member.id)).toEqual(['staff.second_factor_locked']);

    clock.advance(15 * MINUTE + 1000);
    const again = newAgent(app);
    await toCodeStep(again, slug, member);
    const accepted = await enterCode(again, slug, totpAt(member.totpSecret, clock.now()));
    expect(accepted.status).toBe(303);
  });

  it('enrols from an invitation with a code from the secret shown, then a recovery code signs in once', async () => {
    const { app, clock, slug, tenant, tenantId } = await setUp();
    const deps: StaffDeps = { db: db.current.app, clock };
    const invited = await createStaff(
      deps,
      { tenant, actor: { kind: 'operator' }, requestId: 'test' },
      { email: 'nowa@example.org', name: 'Anna Nowa', role: 'clerk' },
    );
    if (invited.kind !== 'created') throw new Error(invited.kind);
    const link = `/${slug}/admin/invitation?token=${encodeURIComponent(invited.invitationToken)}&lang=en`;
    const agent = newAgent(app);

    const weak = await submitForm(agent, link, { password: 'short', passwordConfirmation: 'short' });
    expect(weak.status).toBe(422);
    const set = await submitForm(agent, link, { password: STAFF_PASSWORD, passwordConfirmation: STAFF_PASSWORD });
    expect(set.status).toBe(303);
    expect(set.headers.location).toBe(`/${slug}/admin/enrol`);
    // The link is spent.
    expect((await agent.get(link)).status).toBe(410);

    const page = await agent.get(`/${slug}/admin/enrol?lang=en`).expect(200);
    expect(page.text).toMatch(/<svg [^>]*role="img"/);
    expect(page.text).not.toContain('data:');
    expect(page.headers['content-security-policy']).toBeDefined();
    const secret = [...page.text.matchAll(/<span>([A-Z2-7]{1,4})<\/span>/g)].map((match) => match[1]).join('');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    const malformed = await submitForm(
      agent,
      `/${slug}/admin/enrol?lang=en`,
      { code: '12ab' },
      { action: `/${slug}/admin/enrol` },
    );
    expect(malformed.status).toBe(422);
    expect(malformed.text).toContain('Enter the 6 digits');
    const enrolled = await submitForm(
      agent,
      `/${slug}/admin/enrol?lang=en`,
      { code: totpAt(secret, clock.now()) },
      { action: `/${slug}/admin/enrol` },
    );
    expect(enrolled.status).toBe(303);
    expect(enrolled.headers.location).toBe(`/${slug}/admin/enrol/recovery-codes`);
    const shown = await agent.get(`/${slug}/admin/enrol/recovery-codes?lang=en`).expect(200);
    const codes = [...shown.text.matchAll(/<code>([a-z0-9-]{17})<\/code>/g)].map((match) => match[1]!);
    expect(codes).toHaveLength(10);
    // Shown once.
    await agent.get(`/${slug}/admin/enrol/recovery-codes`).expect(303).expect('Location', `/${slug}/admin/`);
    await agent.get(`/${slug}/admin/`).expect(200);

    const member = { email: 'nowa@example.org', password: STAFF_PASSWORD };
    const browser = newAgent(app);
    const first = await signInWithPassword(browser, slug, member);
    expect(first.headers.location).toBe(`/${slug}/admin/sign-in/code`);
    expect((await enterCode(browser, slug, codes[3]!.toUpperCase())).status).toBe(303);
    const other = newAgent(app);
    await signInWithPassword(other, slug, member);
    const reused = await enterCode(other, slug, codes[3]!);
    expect(reused.status).toBe(422);
    const staffId = invited.staff.id;
    expect(await auditActions(tenantId, staffId)).toEqual(
      expect.arrayContaining([
        'staff.invited',
        'staff.invitation_accepted',
        'staff.totp_enrolled',
        'staff.recovery_code_used',
      ]),
    );
  });

  it('keeps a client’s session and a staff session in one browser apart', async () => {
    const { app, clock, slug, tenantId } = await setUp();
    const member = await createActiveStaff(db.current.app, tenantId);
    const client = await createActiveClient(db.current.app, tenantId);
    const agent = newAgent(app);
    await signInAs(agent, slug, client);
    await toCodeStep(agent, slug, member);
    expect((await enterCode(agent, slug, totpAt(member.totpSecret, clock.now()))).status).toBe(303);
    await agent.get(`/${slug}/account`).expect(200);
    await agent.get(`/${slug}/admin/`).expect(200);
    await submitForm(agent, `/${slug}/admin/`, {}, { action: `/${slug}/admin/sign-out` });
    await agent.get(`/${slug}/admin/`).expect(303);
    await agent.get(`/${slug}/account`).expect(200);
  });

  it('answers every bad input with a message, and every page in three languages with no missing text', async () => {
    const { app, slug, tenantId } = await setUp();
    const member = await createActiveStaff(db.current.app, tenantId);
    const agent = newAgent(app);
    const wrong = await signInWithPassword(agent, slug, { ...member, password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('The e-mail address or password is not correct.');
    const unknown = await signInWithPassword(agent, slug, { email: 'nobody@example.org', password: 'whatever it is' });
    expect(unknown.status).toBe(401);
    const badEmail = await signInWithPassword(agent, slug, { email: 'not an address', password: 'x' });
    expect(badEmail.status).toBe(422);
    // The code page without the password step: back to the start.
    await agent.get(`/${slug}/admin/sign-in/code`).expect(303);
    await agent.get(`/${slug}/admin/invitation?token=nonsense&lang=en`).expect(410);
    await agent.get(`/${slug}/admin/password-reset`).expect(410);

    await toCodeStep(agent, slug, member);
    const malformed = await enterCode(agent, slug, 'abc');
    expect(malformed.status).toBe(422);
    expect(malformed.text).toContain('Enter the 6-digit code');

    const pages = ['/admin/sign-in', '/admin/sign-in/code', '/admin/invitation?token=x'];
    for (const lang of ['pl', 'en', 'cs']) {
      for (const path of pages) {
        const page = await agent.get(`/${slug}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(page.status).toBeLessThan(500);
        expect(page.text).not.toMatch(/\b(admin|common|errors|password|validation):[a-zA-Z]/);
      }
    }
  });
});
