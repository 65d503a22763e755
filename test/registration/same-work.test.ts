// Registering, and asking for the activation link again, do the same work whether the address
// is new, registered or waiting for activation, so the time the answer takes tells nothing
// about it: counted in statements sent to the database, never timed.
import { describe, expect, it } from 'vitest';
import { DAY, fromNow, MINUTE } from '../support/clock.ts';
import { createActiveClient, createClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm, type Fill } from '../support/forms.ts';
import { statementsSent } from '../support/statements.ts';
import {
  ADULT_PESEL,
  expectStatus,
  newAgent,
  portal,
  queuedMails,
  registrationFields,
  type Portal,
} from './helpers.ts';

const db = useTestDatabase();

/** The statements a form's POST sends (the form itself fetched first, as a browser would). */
async function workOfSending(p: Portal, path: string, fill: Fill): Promise<number> {
  const agent = newAgent(p.app);
  const page = await agent.get(`/${p.slug}${path}?lang=en`).expect(200);
  const form = formIn(page.text, `/${p.slug}${path}`);
  return statementsSent(db.current.app, async () => {
    const answer = await postForm(agent, form, fill);
    expect(expectStatus(answer, 303).headers.location).toBe(`/${p.slug}${path}/sent`);
  });
}

/** An address of each kind at the portal's tenant. */
async function addresses(p: Portal) {
  const id = p.tenant.id;
  const active = await createActiveClient(db.current.app, id);
  const pending = await createClient(db.current.app, id, {
    status: 'pending_activation',
    registration_expires_at: fromNow(p.clock, 3 * DAY),
  });
  const closing = await createActiveClient(db.current.app, id, {
    status: 'closing',
    closed_at: fromNow(p.clock, -3 * DAY),
  });
  return { active: active.email!, pending: pending.email!, closing: closing.email! };
}

describe('registering', () => {
  it('sends as many statements for an address already in use as for a new one', async () => {
    // With a PESEL, the longest way: it is looked up too.
    const p = await portal(db.current, { nationalId: 'required' });
    const taken = await addresses(p);
    const emails: Record<string, string> = {
      'a new address': 'zofia.new@example.test',
      'an active account': taken.active,
      'a registration never activated': taken.pending,
      'a closed account': taken.closing,
    };
    const work: Record<string, number> = {};
    for (const [kind, email] of Object.entries(emails)) {
      work[kind] = await workOfSending(p, '/register', registrationFields({ email, pesel: ADULT_PESEL }));
      p.clock.advance(MINUTE); // past the mails' throttle
    }
    // A second time within the minute: the mail is held back by its throttle (and no link issued).
    for (const [kind, email] of [
      ['an active account', taken.active],
      ['a registration never activated', taken.pending],
    ] as const) {
      await workOfSending(p, '/register', registrationFields({ email, pesel: ADULT_PESEL }));
      p.clock.advance(1_000);
      work[`${kind}, its mail held back`] = await workOfSending(
        p,
        '/register',
        registrationFields({ email, pesel: ADULT_PESEL }),
      );
    }

    const mails = await queuedMails(db.current, p.tenant.id);
    const sentTo = (email: string) => mails.filter((mail) => mail.recipient === email).map((mail) => mail.status);
    expect(mails.filter((mail) => mail.recipient === 'zofia.new@example.test')).toEqual([
      { template: 'activation', recipient: 'zofia.new@example.test', status: 'queued' },
    ]);
    expect(sentTo(taken.active)).toEqual(['queued', 'queued', 'dropped']);
    expect(sentTo(taken.pending)).toEqual(['queued', 'queued', 'dropped']);
    expect(sentTo(taken.closing)).toEqual(['queued']);
    const fresh = work['a new address']!;
    expect(fresh).toBeGreaterThan(0);
    expect(work).toEqual(Object.fromEntries(Object.keys(work).map((kind) => [kind, fresh])));
  });
});

describe('asking for the activation link again', () => {
  it('sends as many statements for an address with nothing to resend as for a pending one', async () => {
    const p = await portal(db.current);
    const taken = await addresses(p);
    const emails: Record<string, string> = {
      'a registration never activated': taken.pending,
      'an unknown address': 'nobody@example.test',
      'an active account': taken.active,
      'a closed account': taken.closing,
    };
    const work: Record<string, number> = {};
    for (const [kind, email] of Object.entries(emails)) {
      work[kind] = await workOfSending(p, '/register/resend', { email });
    }
    work['a registration never activated, its link held back'] = await workOfSending(p, '/register/resend', {
      email: taken.pending,
    });

    const mails = await queuedMails(db.current, p.tenant.id);
    expect(mails.map((mail) => [mail.template, mail.recipient, mail.status])).toEqual([
      ['activation', taken.pending, 'queued'],
      ['activation', taken.pending, 'dropped'],
    ]);
    const pending = work['a registration never activated']!;
    expect(work).toEqual(Object.fromEntries(Object.keys(work).map((kind) => [kind, pending])));
  });
});
