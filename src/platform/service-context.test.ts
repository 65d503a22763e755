// The actor is read from the session alone: a page's request tests sign in for real and cover
// the client and the visitor; these pin what no route reaches yet (a staff session) and the
// refusal of a client's id to any other actor.
import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
import type { SignedInUser } from './sessions/session-data.ts';
import type { Tenant } from './tenancy/tenant.ts';
import { serviceContext, signedInClientId } from './service-context.ts';

const tenant = { id: 'tenant-1', slug: 'mosir' } as unknown as Tenant;

/** Only res.locals is read: the tenant resolveTenant set and the ctx buildContext made. */
function responseWith(user: SignedInUser | undefined): Response {
  return { locals: { tenant, ctx: { user, requestId: 'req-1' } } } as unknown as Response;
}

const client: SignedInUser = { userId: 'client-1', kind: 'client', name: 'Anna', signedInAt: 0 };

describe('serviceContext', () => {
  it('acts for the signed-in client, with the tenant and request id of the request', () => {
    const context = serviceContext(responseWith(client));
    expect(context).toEqual({ tenant, actor: { kind: 'client', clientId: 'client-1' }, requestId: 'req-1' });
    expect(context.tenant).toBe(tenant);
    expect(signedInClientId(context)).toBe('client-1');
  });

  it('carries the request’s client address when there is one', () => {
    const response = responseWith(client);
    Object.assign(response, { req: { ip: '203.0.113.7' } });
    expect(serviceContext(response)).toMatchObject({ ip: '203.0.113.7', requestId: 'req-1' });
  });

  it('acts for a visitor when nobody is signed in, who has no account of their own', () => {
    const context = serviceContext(responseWith(undefined));
    expect(context.actor).toEqual({ kind: 'visitor' });
    expect(() => signedInClientId(context)).toThrow(/visitor/);
  });

  it('refuses a staff session rather than pass it off as a visitor or a client', () => {
    expect(() => serviceContext(responseWith({ ...client, kind: 'staff' }))).toThrow(/staff/);
  });

  it('gives a system actor no client id', () => {
    const context = { tenant, actor: { kind: 'system', job: 'purges' }, requestId: 'run-1' } as const;
    expect(() => signedInClientId(context)).toThrow(/system/);
  });
});
