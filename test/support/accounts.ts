// The signed-in client's forms, posted as a browser would.
import type request from 'supertest';
import { submitForm } from './forms.ts';
import type { Agent } from './sessions.ts';

/** Changes the password through /account/password: the current one (where the page asks for it), the new one twice. */
export function changePasswordVia(
  agent: Agent,
  slug: string,
  current: string | undefined,
  password: string,
): Promise<request.Response> {
  const fill = { password, passwordConfirmation: password };
  return submitForm(
    agent,
    `/${slug}/account/password`,
    current === undefined ? fill : { currentPassword: current, ...fill },
  );
}
