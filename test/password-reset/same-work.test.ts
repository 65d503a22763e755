// "Forgot your password?" does the same work whatever the identifier names, so the time its
// answer takes cannot tell a registered address from an unknown one: counted in statements
// sent to the database, never timed.
import { describe, expect, it } from 'vitest';
import { DAY, fromNow } from '../support/clock.ts';
import { createActiveClient, createClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm } from '../support/forms.ts';
import { statementsSent } from '../support/statements.ts';
import { expectStatus, MINUTE, newAgent, portal, sentMails, type Portal } from './helpers.ts';

const db = useTestDatabase();

/** The statements the form's POST sends (the form itself fetched first, as a browser would). */
async function workOfAsking(p: Portal, identifier: string): Promise<number> {
  const agent = newAgent(p.app);
  const page = await agent.get(`/${p.slug}/forgot-password?lang=en`).expect(200);
  const form = formIn(page.text, `/${p.slug}/forgot-password`);
  return statementsSent(db.current.app, async () => {
    const answer = await postForm(agent, form, { identifier });
    expect(expectStatus(answer, 303).headers.location).toBe(`/${p.slug}/forgot-password/sent`);
  });
}

describe('asking for a reset link', () => {
  it('sends as many statements for an unknown identifier as for every kind of account', async () => {
    const p = await portal(db.current);
    const id = p.tenant.id;
    const active = await createActiveClient(db.current.app, id, { login: 'anna.k-12' });
    const pending = await createClient(db.current.app, id, {
      status: 'pending_activation',
      registration_expires_at: fromNow(p.clock, 3 * DAY),
    });
    await createActiveClient(db.current.app, id, { email: null, login: 'okienko-0042' });
    const closing = await createActiveClient(db.current.app, id, {
      status: 'closing',
      closed_at: fromNow(p.clock, -3 * DAY),
    });
    const throttled = await createActiveClient(db.current.app, id);

    const identifiers: Record<string, string> = {
      'an unknown address': 'nobody@example.test',
      'an unknown login': 'no-such-login',
      'an active account': active.email!,
      'its login': 'anna.k-12',
      'a registration never activated': pending.email!,
      'an account without an e-mail': 'okienko-0042',
      'a closed account': closing.email!,
    };
    const work: Record<string, number> = {};
    for (const [kind, identifier] of Object.entries(identifiers)) {
      work[kind] = await workOfAsking(p, identifier);
      p.clock.advance(MINUTE); // past the mail's throttle
    }
    // A second link within the minute is held back by the mail's throttle: no token either.
    await workOfAsking(p, throttled.email!);
    work['an account whose mail is held back'] = await workOfAsking(p, throttled.email!);

    const mails = await sentMails(db.current, id);
    expect(mails.filter((mail) => mail.recipient === throttled.email).map((mail) => mail.status)).toEqual([
      'queued',
      'dropped',
    ]);
    expect(mails.filter((mail) => mail.status === 'queued').map((mail) => mail.template)).toEqual([
      'password-reset',
      'password-reset',
      'activation',
      'password-reset',
    ]);
    const unknown = work['an unknown address']!;
    expect(unknown).toBeGreaterThan(0);
    expect(work).toEqual(Object.fromEntries(Object.keys(work).map((kind) => [kind, unknown])));
  });
});
