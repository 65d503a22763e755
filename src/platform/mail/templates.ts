// A mail the portal can send: its name (views/emails/<name>.html.ejs and <name>.text.ejs;
// subject: the `mail` namespace, key `<name>.subject`), its parameters (checked when it is
// queued, so a mail that could never render is refused in the request that asked for it, not
// found out by the worker) and its per-recipient throttle. Features declare theirs with
// defineMail and list them in their manifest; the worker finds them by name in a catalogue.
import { z } from 'zod';

export interface Throttle {
  /** Mails of this template to one address within a minute. */
  perMinute: number;
  /** … and within a day. */
  perDay: number;
}

/** What most mails need: one per minute is enough for a person to ask again, a handful a day. */
export const DEFAULT_THROTTLE: Throttle = { perMinute: 1, perDay: 5 };

export interface MailTemplate<S extends z.ZodType> {
  name: string;
  params: S;
  throttle: Throttle;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a catalogue holds templates of any parameters
export type AnyMailTemplate = MailTemplate<any>;

export function defineMail<S extends z.ZodType>(name: string, params: S, throttle: Throttle): MailTemplate<S> {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`mail template name ${name} is not kebab-case`);
  return { name, params, throttle };
}

// Header-bound text (subjects) must not carry line breaks; the worker strips them again.
export const oneLine = z
  .string()
  .max(200)
  .regex(/^[^\r\n]*$/, 'must be one line');

/** A single-use link's token: 32 random bytes, base64url. */
export const TOKEN = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** Sent by an operator (`okienko mail:test`) to check that mail leaves and arrives. */
export const MAIL_CHECK = defineMail('mail-check', z.object({ note: oneLine.default('') }), {
  perMinute: 1,
  perDay: 20,
});

/** Every mail template by name: the platform's own and the features'. */
export type MailCatalogue = ReadonlyMap<string, AnyMailTemplate>;

export function mailCatalogue(templates: readonly AnyMailTemplate[]): MailCatalogue {
  const catalogue = new Map<string, AnyMailTemplate>();
  for (const template of [MAIL_CHECK, ...templates]) {
    if (catalogue.has(template.name)) throw new Error(`two mail templates are named ${template.name}`);
    catalogue.set(template.name, template);
  }
  return catalogue;
}
