// The signed-in client's forms, posted as a browser would.
import type request from 'supertest';
import { csrfTokenIn, type Agent } from './sessions.ts';

/** Changes the password through /account/password (current, new, confirmation). */
export async function changePasswordVia(
  agent: Agent,
  slug: string,
  current: string | undefined,
  password: string,
): Promise<request.Response> {
  const form = await agent.get(`/${slug}/account/password`).expect(200);
  return agent
    .post(`/${slug}/account/password`)
    .type('form')
    .send({
      _csrf: csrfTokenIn(form.text),
      ...(current === undefined ? {} : { currentPassword: current }),
      password,
      passwordConfirmation: password,
    });
}
