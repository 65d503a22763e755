// A staff member's link mail sent again from the mail problems page (issue #19): an invitation
// the mail server refused dies in the real worker; a clerk sees it but may not send it (the
// invitation is a manager's action), a manager sends it again, and the new link opens the
// invitation while the dead one's answers 410.
import { describe, expect, it } from 'vitest';
import { controllableClock } from '../../src/lib/clock.ts';
import { useTestDatabase } from '../support/database.ts';
import { formIn, postForm, submitForm } from '../support/forms.ts';
import { deliverQueuedMail, loadedRegistry, outboxRows, sealedParamsOf, testMailWorker } from '../support/mail.ts';
import { csrfTokenIn, newAgent } from '../support/sessions.ts';
import { useSmtpSink } from '../support/smtp-sink.ts';
import { createActiveStaff } from '../support/staff.ts';
import { staffPortal } from '../support/staff-browser.ts';
import { visibleText } from '../http/html.ts';

const db = useTestDatabase();
const sink = useSmtpSink();
const clock = controllableClock(new Date('2026-12-10T09:00:00Z'));
const NEWCOMER = 'new.clerk@example.org';

describe('a dead staff invitation', () => {
  it('is sent again by a manager only, with a new link that works while the old one does not', async () => {
    const portal = await staffPortal(db.current, clock);
    const { app, slug, tenant } = portal;
    const manager = await portal.as(portal.manager);
    const clerk = await portal.as(await createActiveStaff(db.current.app, tenant.id, { role: 'clerk' }));
    sink.current.refuse.add(NEWCOMER);
    await submitForm(
      manager,
      `/${slug}/admin/staff/invite?lang=en`,
      { email: NEWCOMER, name: 'Anna Nowak', role: 'clerk', locale: 'en' },
      { action: `/${slug}/admin/staff/invite` },
    );
    const [queued] = (await outboxRows(db.current)).filter((row) => row.tenant_id === tenant.id);
    const oldPath = String(sealedParamsOf(queued!).path);
    const worker = testMailWorker(db.current, {
      smtpUrl: sink.current.url,
      clock,
      registry: await loadedRegistry(db.current),
    });
    expect(await worker.drain()).toMatchObject({ dead: 1 });
    await worker.stop();
    sink.current.refuse.clear();
    clock.advance(61_000);

    const list = `/${slug}/admin/mail-problems?lang=en`;
    const resend = `/${slug}/admin/mail-problems/${queued!.id}/resend`;
    const seenByClerk = await clerk.get(list).expect(200);
    expect(visibleText(seenByClerk.text)).toContain('Invitation to the staff section');
    expect(visibleText(seenByClerk.text)).toContain('Only a manager can send this mail again.');
    const refused = await clerk
      .post(resend)
      .type('form')
      .send({ _csrf: csrfTokenIn(seenByClerk.text) });
    expect(refused.status).toBe(403);

    const sent = await postForm(manager, formIn((await manager.get(list).expect(200)).text, resend));
    expect(sent.headers.location).toBe(`/${slug}/admin/mail-problems?done=resent`);
    await deliverQueuedMail(db.current, { smtpUrl: sink.current.url, clock });
    const link = new URL(
      /https:\/\/\S+\/admin\/invitation\?token=[A-Za-z0-9_-]{43}/.exec(sink.current.messages[0]!.parsed.text ?? '')![0],
    );
    const newcomer = newAgent(app);
    expect(visibleText((await newcomer.get(`${link.pathname}${link.search}&lang=en`).expect(200)).text)).toContain(
      NEWCOMER,
    );
    expect((await newcomer.get(`/${slug}${oldPath}`)).status).toBe(410);
  });
});
