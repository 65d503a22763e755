// The card workflow's matrix (issue #22): for every workflow, every (state, transition, role)
// triple is tried on a real card in that state, and only the transitions the workflow's table
// declares from that state for that role are taken; every other is refused and changes nothing
// (no state, no history, no audit row, no mail). Each one taken moves the card to its declared
// state first (the history's first event), appends the history, is audited when a person took
// it and mails the applicant about it. Two transitions from the same state at once: one is taken.
// Each workflow's cards are tried at a tenant that issues a type of it, its module turned on.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cardById } from '../../src/features/cards/cards.repo.ts';
import { cardTypeById } from '../../src/features/cards/card-types.repo.ts';
import { moveCard } from '../../src/features/cards/transitions.ts';
import {
  CARD_STATES,
  FINAL_STATES,
  TRANSITION_NAMES,
  WORKFLOW_NAMES,
  WORKFLOW_ROLES,
  WORKFLOWS,
  type CardState,
  type TransitionName,
  type WorkflowName,
  type WorkflowRole,
} from '../../src/features/cards/workflow.ts';
import type { Actor, ServiceContext } from '../../src/platform/service-context.ts';
import { tenantRows, withTenant } from '../../src/platform/tenancy/tenant-transaction.ts';
import { useTestDatabase } from '../support/database.ts';
import { testOutbox } from '../support/mail.ts';
import { CITY_CARD, clock, sportsCentre, type SportsCentre } from './cards-support.ts';
import { completeApplication, holderPesel, nationalIds } from './city-handover-support.ts';
import { sealHolder } from '../../src/features/cards/city/holder-pesel.ts';

const db = useTestDatabase();
const deps = { clock, outbox: testOutbox(clock), nationalIds };

/** A tenant issuing a card type of the workflow. */
const ISSUERS: Record<WorkflowName, Parameters<typeof sportsCentre>[1]> = {
  client_card: {},
  city_card: { modules: ['registration', 'city_card'], issues: CITY_CARD },
};

function contextOf(centre: SportsCentre, role: WorkflowRole): ServiceContext {
  const actors: Record<WorkflowRole, Actor> = {
    client: { kind: 'client', clientId: centre.client.id },
    clerk: { kind: 'staff', staffId: centre.clerk.id, role: 'clerk' },
    manager: { kind: 'staff', staffId: centre.manager.id, role: 'manager' },
    system: { kind: 'system', job: 'matrix' },
  };
  return { tenant: centre.tenant, actor: actors[role], requestId: 'matrix' };
}

/**
 * A card of the centre's client in `state`, made straight in the table (the one in play before it
 * ends); a city card with its holder and application, as every city card has them.
 */
async function cardIn(centre: SportsCentre, state: CardState): Promise<string> {
  return withTenant(db.current.app, centre.tenant.id, async (trx) => {
    await tenantRows(trx, 'cards')
      .where({ client_id: centre.client.id })
      .whereNotIn('state', FINAL_STATES)
      .update({ state: 'expired' });
    const id = randomUUID();
    const holder =
      centre.cardType.workflow === 'city_card'
        ? sealHolder(nationalIds, centre.tenant.id, id, holderPesel())
        : undefined;
    await trx('cards').insert({
      id,
      card_type_id: centre.cardType.id,
      client_id: centre.client.id,
      state,
      state_since: clock.now(),
      ...(holder ? { holder_pesel_sealed: holder.sealed, holder_pesel_index: holder.index } : {}),
    });
    if (holder) await completeApplication(trx, id, clock.now());
    return id;
  });
}

/** What the attempt left on the card: its state, its history, its audit rows, the mails about its steps. */
async function traces(centre: SportsCentre, cardId: string) {
  return withTenant(db.current.app, centre.tenant.id, async (trx) => {
    const events = await tenantRows(trx, 'card_events')
      .where({ card_id: cardId })
      .orderBy('occurred_at')
      .select('id', 'transition', 'from_state', 'to_state', 'actor_role');
    const keys = events.map((event) => `card-event:${event.id as string}`);
    return {
      card: (await cardById(trx, cardId))!,
      events,
      audited: await tenantRows(trx, 'audit_log').where({ subject_id: cardId }).pluck('action'),
      mails: keys.length === 0 ? 0 : (await tenantRows(trx, 'mail_outbox').whereIn('idempotency_key', keys)).length,
    };
  });
}

describe.each(WORKFLOW_NAMES)('the %s workflow', (workflow) => {
  const table = WORKFLOWS[workflow];
  const issuer = () => sportsCentre(db.current, ISSUERS[workflow]);

  it('declares each transition from a state at most once, between known states, for known roles', () => {
    const seen = new Set<string>();
    for (const transition of table) {
      const key = `${transition.name}:${transition.from}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      expect(CARD_STATES).toContain(transition.from);
      expect(CARD_STATES).toContain(transition.to);
      expect(transition.roles.length).toBeGreaterThan(0);
      for (const role of transition.roles) expect(WORKFLOW_ROLES).toContain(role);
    }
  });

  // One test per state, so that no test's length grows with the table.
  it.each(CARD_STATES)(
    'from %s takes exactly the declared (transition, role) pairs, and refuses every other leaving no trace',
    async (state) => {
      const centre = await issuer();
      const mismatches: string[] = [];
      let taken = 0;
      let refused = 0;
      {
        for (const name of TRANSITION_NAMES) {
          for (const role of WORKFLOW_ROLES) {
            const declared = table.find(
              (transition) => transition.from === state && transition.name === name && transition.roles.includes(role),
            );
            const cardId = await cardIn(centre, state);
            const step = await withTenant(db.current.app, centre.tenant.id, async (trx) => {
              const card = (await cardById(trx, cardId))!;
              const type = (await cardTypeById(trx, card.cardTypeId))!;
              const reasons = name === 'return' || name === 'reject' ? 'Brak zdjęcia.' : undefined;
              return moveCard(trx, deps, contextOf(centre, role), { card, type, name, reasons });
            });
            const after = await traces(centre, cardId);
            const label = `${state} --${name}--> as ${role}`;
            if (declared) {
              taken += 1;
              const first = after.events[0];
              const ok =
                step.kind === 'taken' &&
                first?.transition === name &&
                first.from_state === state &&
                first.to_state === declared.to &&
                first.actor_role === role &&
                (role === 'system' ? after.audited.length === 0 : after.audited[0] === `cards.${name}`) &&
                after.mails === 1;
              if (!ok)
                mismatches.push(
                  `${label}: expected taken to ${declared.to}, got ${JSON.stringify({ step: step.kind, after })}`,
                );
            } else {
              refused += 1;
              const ok =
                step.kind === 'refused' &&
                after.card.state === state &&
                after.events.length === 0 &&
                after.audited.length === 0 &&
                after.mails === 0;
              if (!ok)
                mismatches.push(`${label}: expected refused, got ${JSON.stringify({ step, state: after.card.state })}`);
            }
          }
        }
      }
      expect(mismatches).toEqual([]);
      const fromState = table.filter((transition) => transition.from === state);
      expect(taken).toBe(fromState.reduce((sum, transition) => sum + transition.roles.length, 0));
      expect(taken + refused).toBe(TRANSITION_NAMES.length * WORKFLOW_ROLES.length);
    },
  );

  it('refuses a transition the state allows to a role the table does not name, and one from another state', async () => {
    const centre = await issuer();
    const cardId = await cardIn(centre, 'submitted');
    const attempt = (role: WorkflowRole, name: TransitionName) =>
      withTenant(db.current.app, centre.tenant.id, async (trx) => {
        const card = (await cardById(trx, cardId))!;
        const type = (await cardTypeById(trx, card.cardTypeId))!;
        return moveCard(trx, deps, contextOf(centre, role), { card, type, name, reasons: 'Brak zdjęcia.' });
      });
    expect(await attempt('client', 'reject')).toEqual({ kind: 'refused', why: 'notForRole' });
    expect(await attempt('clerk', 'block')).toEqual({ kind: 'refused', why: 'notFromState' });
    expect((await attempt('clerk', 'reject')).kind).toBe('taken');
  });
});

describe('two transitions from the same state at once', () => {
  it('take one: the others, which read the card before it moved, find it moved, and the history has one', async () => {
    const centre = await sportsCentre(db.current);
    const cardId = await cardIn(centre, 'submitted');
    // Every request read the card in "submitted" (as four clerks' pages showed it), then acts.
    const [card, type] = await withTenant(db.current.app, centre.tenant.id, async (trx) => {
      const read = (await cardById(trx, cardId))!;
      return [read, (await cardTypeById(trx, read.cardTypeId))!] as const;
    });
    const attempt = (name: TransitionName, role: WorkflowRole) =>
      withTenant(db.current.app, centre.tenant.id, (trx) =>
        moveCard(trx, deps, contextOf(centre, role), { card, type, name, reasons: 'Nieczytelny podpis.' }),
      );
    const outcomes = await Promise.all([
      attempt('reject', 'clerk'),
      attempt('return', 'manager'),
      attempt('reject', 'manager'),
      attempt('return', 'clerk'),
    ]);
    expect(outcomes.filter((outcome) => outcome.kind === 'taken')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.kind === 'refused')).toEqual(
      Array.from({ length: 3 }, () => ({ kind: 'refused', why: 'moved' })),
    );
    const after = await traces(centre, cardId);
    expect(after.events).toHaveLength(1);
    expect(['rejected', 'returned']).toContain(after.card.state);
    expect(after.mails).toBe(1);
  });
});
