// Page titles as a screen reader announces them: a form answered with errors says so first
// ("Błąd: …", "Error: …", "Chyba: …"), every form alike; and each page of the account has a
// title and heading of its own.
import type { Express } from 'express';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant, type CreatedTenant } from '../support/factories.ts';
import { newAgent, signInAs, signInWith, type Agent } from '../support/sessions.ts';
import { decodeEntities, headingOne } from './html.ts';

const db = useTestDatabase();
const LANGUAGES = ['pl', 'en', 'cs'] as const;
type Lang = (typeof LANGUAGES)[number];
const ERROR_PREFIX: Record<Lang, string> = { pl: 'Błąd: ', en: 'Error: ', cs: 'Chyba: ' };

let app: Express;
let tenant: CreatedTenant;
let slug: string;

beforeAll(async () => {
  tenant = await createTenant(db.current.owner, { settings: { nationalId: 'optional' } });
  slug = tenant.input.slug;
  ({ app } = await createTestApp(db.current));
});

function titleOf(html: string): string {
  return decodeEntities(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '').trim();
}

interface PageForm {
  action: string;
  /** The hidden inputs (the CSRF token among them), as the page fills them. */
  hidden: Record<string, string>;
  /** How many fields a person fills in or chooses. */
  visibleFields: number;
}

/** The POST forms of a page, read from its HTML. */
function formsOf(html: string): PageForm[] {
  return [...html.matchAll(/<form\b[^>]*method="post"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].map(
    ([, action, body]) => {
      const hidden: Record<string, string> = {};
      let visibleFields = 0;
      for (const [tag] of body!.matchAll(/<(?:input|select|textarea)\b[^>]*>/g)) {
        const type = /\stype="([^"]+)"/.exec(tag)?.[1];
        const name = /\sname="([^"]+)"/.exec(tag)?.[1];
        if (name === undefined || type === 'submit') continue;
        if (type === 'hidden') hidden[name] = decodeEntities(/\svalue="([^"]*)"/.exec(tag)?.[1] ?? '');
        else visibleFields += 1;
      }
      return { action: decodeEntities(action!), hidden, visibleFields };
    },
  );
}

async function signedInAgent(lang: Lang): Promise<Agent> {
  const client = await createActiveClient(db.current.app, tenant.id, { preferred_locale: lang });
  const agent = newAgent(app);
  await signInAs(agent, slug, client);
  return agent;
}

describe.each(LANGUAGES)('in %s', (lang) => {
  it('every form answered with errors puts the error first in the title', async () => {
    const anonymous = newAgent(app);
    const signedIn = await signedInAgent(lang);
    const pages: [Agent, string][] = [
      [anonymous, '/sign-in'],
      [anonymous, '/register'],
      [anonymous, '/register/resend'],
      [anonymous, '/forgot-password'],
      [signedIn, '/account/profile'],
      [signedIn, '/account/email'],
      [signedIn, '/account/password'],
      [signedIn, '/account/data'],
    ];
    let answered = 0;
    for (const [agent, path] of pages) {
      const page = await agent.get(`/${slug}${path}?lang=${lang}`).expect(200);
      const title = titleOf(page.text);
      expect(title, path).not.toMatch(new RegExp(`^${ERROR_PREFIX[lang]}`));
      // Each form that asks for something, sent with nothing filled in.
      for (const form of formsOf(page.text).filter((candidate) => candidate.visibleFields > 0)) {
        const response = await agent.post(form.action).type('form').send(form.hidden);
        expect(response.status, form.action).toBe(422);
        expect(titleOf(response.text), form.action).toBe(`${ERROR_PREFIX[lang]}${title}`);
        answered += 1;
      }
    }
    // sign-in, register, resend, forgot, language, e-mail, password, export and close
    expect(answered).toBe(9);
  });

  it('a refused sign-in (401) puts the error first in the title', async () => {
    const agent = newAgent(app);
    const title = titleOf((await agent.get(`/${slug}/sign-in?lang=${lang}`).expect(200)).text);
    const client = await createActiveClient(db.current.app, tenant.id);
    const response = await signInWith(agent, slug, client.email!, 'not-the-password');
    expect(response.status).toBe(401);
    expect(titleOf(response.text)).toBe(`${ERROR_PREFIX[lang]}${title}`);
  });

  it('gives the profile and the data page titles and headings of their own', async () => {
    const agent = await signedInAgent(lang);
    const profile = (await agent.get(`/${slug}/account/profile`).expect(200)).text;
    const data = (await agent.get(`/${slug}/account/data`).expect(200)).text;
    expect(titleOf(profile)).not.toBe(titleOf(data));
    expect(headingOne(profile)).not.toBe(headingOne(data));
    expect(titleOf(profile)).toBe(`${headingOne(profile)} – ${tenant.input.name}`);
    expect(titleOf(data)).toBe(`${headingOne(data)} – ${tenant.input.name}`);
  });
});
