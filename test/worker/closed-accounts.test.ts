// The worker's jobs for the sign-in history and closed accounts (issue #6): events older than
// the history are forgotten; a closed account is anonymised when its tenant's retention period
// has passed, and the worker role can do that to closing accounts only.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { withTenant, type TenantId } from '../../src/platform/tenancy/tenant-transaction.ts';
import { SIGN_IN_HISTORY_DAYS } from '../../src/features/accounts/sign-in/sign-in-events.ts';
import { controllableClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { startHousekeeping } from '../../src/platform/jobs/housekeeping.ts';
import { ANONYMISED_NAME } from '../../src/features/accounts/purges.ts';
import { PURGES } from '../../src/features/index.ts';
import { createClient } from '../support/clients.ts';
import { expectSqlState, INSUFFICIENT_PRIVILEGE } from '../support/connections.ts';
import { useTestDatabase } from '../support/database.ts';
import { createTenant } from '../support/factories.ts';
import { queueMailCheck, testOutbox } from '../support/mail.ts';

const db = useTestDatabase();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('housekeeping of sign-ins and closed accounts', () => {
  it('forgets sign-in events after the history period, at every tenant', async () => {
    const [a, b] = [await createTenant(db.current.owner), await createTenant(db.current.owner)];
    const now = new Date('2026-11-23T12:00:00Z');
    const event = (at: Date) => ({ occurred_at: at, outcome: 'success', ip: '192.0.2.1', user_agent: 'test' });
    const kept: string[] = [];
    for (const tenant of [a, b]) {
      const client = await createClient(db.current.app, tenant.id, { status: 'active', password_hash: 'x' });
      await withTenant(db.current.app, tenant.id, async (trx) => {
        await trx('sign_in_events').insert({
          client_id: client.id,
          ...event(new Date(now.getTime() - (SIGN_IN_HISTORY_DAYS + 1) * DAY)),
        });
        const [row] = await trx('sign_in_events')
          .insert({ client_id: client.id, ...event(new Date(now.getTime() - (SIGN_IN_HISTORY_DAYS - 1) * DAY)) })
          .returning('id');
        kept.push(row.id as string);
      });
    }
    const housekeeping = startHousekeeping({
      purges: PURGES,
      db: db.current.worker,
      clock: controllableClock(now),
      logger: createLogger('silent'),
    });
    expect(await housekeeping.runOnce()).toMatchObject({ signInEvents: 2 });
    await housekeeping.stop();
    expect((await db.current.worker('sign_in_events').pluck('id')).sort()).toEqual(kept.sort());
  });

  describe('closed accounts', () => {
    const now = new Date('2026-11-23T12:00:00Z');

    /** A closed account with everything personal that anonymisation must remove. */
    async function closedClient(tenantId: TenantId, anonymiseAfter: Date | null, status = 'closing') {
      const client = await createClient(db.current.app, tenantId, {
        status,
        password_hash: 'x',
        login: `login-${randomBytes(4).toString('hex')}`,
        national_id_sealed: randomBytes(40),
        national_id_index: randomBytes(32),
        failed_sign_ins: 2,
        failures_since: now,
        ...(status === 'closing' ? { closed_at: new Date(now.getTime() - 31 * DAY) } : {}),
        anonymise_after: anonymiseAfter,
      });
      await withTenant(db.current.app, tenantId, async (trx) => {
        await trx('sign_in_events').insert({
          client_id: client.id,
          occurred_at: now,
          outcome: 'closed',
          ip: '192.0.2.7',
          user_agent: 'x',
        });
        await trx('account_tokens').insert({
          client_id: client.id,
          purpose: 'password_reset',
          token_hash: randomBytes(32),
          created_at: now,
          expires_at: new Date(now.getTime() + HOUR),
          used_at: now,
        });
        await trx('client_consents').insert({
          client_id: client.id,
          document: 'regulations',
          version: '1',
          accepted_at: now,
        });
      });
      return client;
    }

    const clientRow = (tenantId: TenantId, id: string) =>
      withTenant(db.current.app, tenantId, (trx) => trx('clients').where({ id }).first());
    const countOf = (tenantId: TenantId, table: string, id: string) =>
      withTenant(db.current.app, tenantId, async (trx) =>
        Number((await trx(table).where({ client_id: id }).count({ n: '*' }))[0]!.n),
      );

    it('anonymises closed accounts whose retention has passed, and nothing else', async () => {
      const [tenant, other] = [await createTenant(db.current.owner), await createTenant(db.current.owner)];
      const outbox = testOutbox(controllableClock(new Date(now.getTime() - 31 * DAY)));
      const due = await closedClient(tenant.id, new Date(now.getTime() - 60_000));
      const dueElsewhere = await closedClient(other.id, new Date(now.getTime() - DAY));
      const notYet = await closedClient(tenant.id, new Date(now.getTime() + 60_000));
      const kept = await closedClient(tenant.id, null);
      const active = await createClient(db.current.app, tenant.id, { status: 'active', password_hash: 'x' });
      // The confirmation sent when it closed: its record (with the address) goes with the account.
      const sent = await queueMailCheck(db.current.app, outbox, tenant.id, { to: due.email!, userId: due.id });
      await db.current.worker('mail_outbox').where({ id: sent.id }).update({ status: 'sent', sealed_params: null });

      const housekeeping = startHousekeeping({
        purges: PURGES,
        db: db.current.worker,
        clock: controllableClock(now),
        logger: createLogger('silent'),
      });
      expect(await housekeeping.runOnce()).toMatchObject({ anonymisedAccounts: 2 });
      expect(await housekeeping.runOnce()).toMatchObject({ anonymisedAccounts: 0 });
      await housekeeping.stop();

      expect(await clientRow(tenant.id, due.id)).toMatchObject({
        status: 'anonymised',
        first_name: ANONYMISED_NAME,
        last_name: ANONYMISED_NAME,
        email: null,
        login: null,
        national_id_sealed: null,
        national_id_index: null,
        password_hash: null,
        failed_sign_ins: 0,
        closed_at: new Date(now.getTime() - 31 * DAY),
      });
      expect(await countOf(tenant.id, 'sign_in_events', due.id)).toBe(0);
      expect(await countOf(tenant.id, 'account_tokens', due.id)).toBe(0);
      expect(await db.current.worker('mail_outbox').where({ id: sent.id }).first()).toBeUndefined();
      // The record that an account existed and what it accepted stays.
      expect(await countOf(tenant.id, 'client_consents', due.id)).toBe(1);
      expect(await clientRow(other.id, dueElsewhere.id)).toMatchObject({ status: 'anonymised', email: null });

      for (const untouched of [notYet, kept]) {
        expect(await clientRow(tenant.id, untouched.id)).toMatchObject({ status: 'closing', email: untouched.email });
        expect(await countOf(tenant.id, 'sign_in_events', untouched.id)).toBe(1);
      }
      expect(await clientRow(tenant.id, active.id)).toMatchObject({ status: 'active', email: active.email });
    });

    it('waits for a mail still queued to the account before anonymising it', async () => {
      const tenant = await createTenant(db.current.owner);
      const due = await closedClient(tenant.id, new Date(now.getTime() - 60_000));
      const queued = await queueMailCheck(db.current.app, testOutbox(controllableClock(now)), tenant.id, {
        to: due.email!,
        userId: due.id,
      });
      const housekeeping = startHousekeeping({
        purges: PURGES,
        db: db.current.worker,
        clock: controllableClock(now),
        logger: createLogger('silent'),
      });
      expect(await housekeeping.runOnce()).toMatchObject({ anonymisedAccounts: 0 });
      await db.current.worker('mail_outbox').where({ id: queued.id }).update({ status: 'sent', sealed_params: null });
      expect(await housekeeping.runOnce()).toMatchObject({ anonymisedAccounts: 1 });
      await housekeeping.stop();
      expect(await clientRow(tenant.id, due.id)).toMatchObject({ status: 'anonymised', email: null });
    });

    it('lets the worker anonymise only closing accounts, even with a tenant set', async () => {
      const tenant = await createTenant(db.current.owner);
      const active = await createClient(db.current.app, tenant.id, { status: 'active', password_hash: 'x' });
      const erase = (trx: Knex) =>
        trx('clients').where({ id: active.id }).update({
          status: 'anonymised',
          first_name: ANONYMISED_NAME,
          last_name: ANONYMISED_NAME,
          email: null,
          password_hash: null,
        });
      expect(await erase(db.current.worker)).toBe(0);
      await db.current.worker.transaction(async (trx) => {
        await trx.raw("SELECT set_config('app.tenant_id', ?, true)", [tenant.id]);
        expect(await erase(trx)).toBe(0);
        // Nor write other columns of a closing one, nor anything but 'anonymised'.
        await expectSqlState(
          trx('clients').where({ id: active.id }).update({ preferred_locale: 'en' }),
          INSUFFICIENT_PRIVILEGE,
        );
      });
      const closing = await closedClient(tenant.id, new Date(now.getTime() - DAY));
      // "new row violates row-level security policy": a closing account becomes anonymised or nothing.
      await expectSqlState(
        db.current.worker('clients').where({ id: closing.id }).update({ status: 'active' }),
        INSUFFICIENT_PRIVILEGE,
      );
      await db.current.worker.transaction(async (trx) => {
        await trx.raw("SELECT set_config('app.tenant_id', ?, true)", [tenant.id]);
        expect(await trx('clients').where({ id: closing.id }).del()).toBe(0);
      });
      // One the tenant must keep (no anonymisation date) is out of its reach too.
      const kept = await closedClient(tenant.id, null);
      expect(
        await db.current
          .worker('clients')
          .where({ id: kept.id })
          .update({ status: 'anonymised', first_name: ANONYMISED_NAME, email: null, password_hash: null }),
      ).toBe(0);
      expect(await clientRow(tenant.id, active.id)).toMatchObject({ status: 'active', email: active.email });
      expect(await clientRow(tenant.id, closing.id)).toMatchObject({ status: 'closing', email: closing.email });
      expect(await clientRow(tenant.id, kept.id)).toMatchObject({ status: 'closing', email: kept.email });
    });
  });
});
