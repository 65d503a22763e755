// Signing in and out through the real forms, as a browser would: fetch the form, keep its CSRF
// cookie, post the form's fields back (test/support/forms.ts).
import type { Express } from 'express';
import request from 'supertest';
import { submitForm } from './forms.ts';

export type Agent = ReturnType<typeof request.agent>;

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1]!;
}

/** Signs in through the real sign-in form, as a browser would; the response to the POST. */
export function signInWith(
  agent: Agent,
  slug: string,
  identifier: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<request.Response> {
  return submitForm(agent, `/${slug}/sign-in`, { identifier, password }, { headers });
}

/** Signs an existing client in (createActiveClient) and checks that it worked. */
export async function signInAs(
  agent: Agent,
  slug: string,
  client: { email: string | null; password: string },
): Promise<request.Response> {
  const response = await signInWith(agent, slug, client.email!, client.password);
  if (response.status !== 303 || !String(response.headers.location).endsWith('/account')) {
    throw new Error(`sign-in failed: ${response.status} ${String(response.headers.location)}`);
  }
  return response;
}

/** What a page behind sign-in answers without a live session: off to the sign-in page. */
export function expectSentToSignIn(response: request.Response, slug: string): void {
  if (response.status !== 303 || !String(response.headers.location).startsWith(`/${slug}/sign-in`)) {
    throw new Error(
      `expected a redirect to /${slug}/sign-in, got ${response.status} ${String(response.headers.location)}`,
    );
  }
}

export async function signOutVia(agent: Agent, slug: string): Promise<request.Response> {
  const response = await submitForm(agent, `/${slug}/account`, {}, { action: `/${slug}/sign-out` });
  if (response.status !== 303) throw new Error(`sign-out answered ${response.status}, not 303`);
  return response;
}

export function newAgent(app: Express): Agent {
  return request.agent(app);
}

/** The value of a named cookie from a response's Set-Cookie headers. */
export function setCookie(response: request.Response, name: string): string | undefined {
  const headers = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return headers.find((header) => header.startsWith(`${name}=`));
}
