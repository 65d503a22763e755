// The newcomer's journey through the real app, as the Citus tests run it (on one server too):
// register → the activation mail, sent by the outbox worker through SMTP → set the password →
// sign in → the signed-in page → sign out. Each step checks what a person sees.
import { expect } from 'vitest';
import type { TestDatabase } from '../support/database.ts';
import { findForm, postForm } from '../support/forms.ts';
import { deliverQueuedMail } from '../support/mail.ts';
import { expectSentToSignIn, newAgent, signInWith, signOutVia } from '../support/sessions.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';
import { headingOne } from '../http/html.ts';
import { expectStatus, register, registrationFields, type Portal } from '../registration/helpers.ts';

export const NEWCOMER_PASSWORD = 'kolorowy żagiel nad Wisłą';

/**
 * Passes of the outbox worker before the mail must have gone. A pass can fail while a shard
 * move holds the tenant's writes (its lanes wait longer than a pooled connection is waited
 * for); the real worker logs that and runs another pass, and so does this.
 */
const MAIL_PASSES = 3;

/** The activation link mailed to `email`, once the worker has sent what is queued. */
async function activationLinkFor(db: TestDatabase, portal: Portal, sink: SmtpSink, email: string): Promise<string> {
  for (let pass = 1; ; pass += 1) {
    try {
      await deliverQueuedMail(db, { smtpUrl: sink.url, clock: portal.clock });
      break;
    } catch (error) {
      if (pass === MAIL_PASSES) throw error;
    }
  }
  const mail = sink.messages.find((message) => message.envelopeTo.includes(email));
  const link = /https?:\/\/\S+\/activate\?token=[A-Za-z0-9_-]+/.exec(mail?.parsed.text ?? '')?.[0];
  if (!link) throw new Error(`no activation mail reached ${email}`);
  return link;
}

/** Runs the whole journey for a new e-mail address; returns it. */
export async function newcomerJourney(db: TestDatabase, portal: Portal, sink: SmtpSink): Promise<string> {
  const { app, slug } = portal;
  const fields = registrationFields();
  const registered = expectStatus(await register(newAgent(app), slug, fields), 303);
  expect(registered.headers.location).toBe(`/${slug}/register/sent`);

  const link = new URL(await activationLinkFor(db, portal, sink, fields.email));
  const activation = newAgent(app);
  const page = await activation.get(`${link.pathname}${link.search}&lang=en`).expect(200);
  expect(headingOne(page.text)).toBe('Set your password');
  const form = findForm(page.text, `/${slug}/activate`);
  if (!form) throw new Error('the activation page shows no password form');
  const activated = expectStatus(
    await postForm(activation, form, { password: NEWCOMER_PASSWORD, passwordConfirmation: NEWCOMER_PASSWORD }),
    303,
  );
  expect(activated.headers.location).toBe(`/${slug}/activate/done`);

  const browser = newAgent(app);
  const signedIn = expectStatus(await signInWith(browser, slug, fields.email, NEWCOMER_PASSWORD), 303);
  expect(signedIn.headers.location).toBe(`/${slug}/account`);
  const account = await browser.get(`/${slug}/account?lang=en`).expect(200);
  expect(account.text).toContain(fields.firstName);
  await signOutVia(browser, slug);
  expectSentToSignIn(await browser.get(`/${slug}/account`), slug);
  return fields.email;
}
