// The shape of each workflow's table (workflow.ts), before any card is tried on it (the matrix,
// test/cards/workflow-matrix.test.ts): every state it names is reachable from the draft, every one
// but the final states is left by some transition, and none leaves a final state; then the city
// card's table (issue #23) step by step.
import { describe, expect, it } from 'vitest';
import {
  FINAL_STATES,
  transitionsOpenTo,
  WORKFLOW_MODULES,
  WORKFLOW_NAMES,
  WORKFLOWS,
  type CardState,
  type WorkflowName,
} from './workflow.ts';

const isFinal = (state: CardState) => (FINAL_STATES as readonly CardState[]).includes(state);

/** The states the workflow's table names. */
function statesOf(workflow: WorkflowName): Set<CardState> {
  return new Set(WORKFLOWS[workflow].flatMap((transition) => [transition.from, transition.to]));
}

/** The states reachable from `start` by any transition of the table, whoever takes it. */
function reachableFrom(workflow: WorkflowName, start: CardState): Set<CardState> {
  const reached = new Set<CardState>([start]);
  const queue = [start];
  for (let state = queue.shift(); state; state = queue.shift()) {
    for (const transition of WORKFLOWS[workflow]) {
      if (transition.from !== state || reached.has(transition.to)) continue;
      reached.add(transition.to);
      queue.push(transition.to);
    }
  }
  return reached;
}

describe.each(WORKFLOW_NAMES)('the %s table', (workflow) => {
  it('reaches every state it names from the draft, and only through the submission', () => {
    expect(reachableFrom(workflow, 'draft')).toEqual(statesOf(workflow));
    expect(WORKFLOWS[workflow].filter((transition) => transition.from === 'draft').map(({ name }) => name)).toEqual([
      'submit',
    ]);
    expect(reachableFrom(workflow, 'submitted')).toEqual(new Set([...statesOf(workflow)].filter((s) => s !== 'draft')));
  });

  it('leaves every state it names but the final ones, and no final one', () => {
    for (const state of statesOf(workflow)) {
      const leaves = WORKFLOWS[workflow].some((transition) => transition.from === state);
      expect([state, leaves]).toEqual([state, !isFinal(state)]);
    }
  });

  it('is offered by a module of its own', () => {
    const modules = WORKFLOW_NAMES.map((name) => WORKFLOW_MODULES[name]);
    expect(new Set(modules).size).toBe(modules.length);
  });
});

describe('the city card’s table', () => {
  const open = (state: CardState, role: 'client' | 'clerk' | 'manager' | 'system') =>
    transitionsOpenTo('city_card', state, role).map(({ name, to }) => `${name} → ${to}`);

  it('is reviewed by staff only: approved, returned for the applicant to resubmit, or rejected', () => {
    for (const role of ['clerk', 'manager'] as const) {
      expect(open('submitted', role)).toEqual(['approve → approved', 'return → returned', 'reject → rejected']);
      expect(open('returned', role)).toEqual(['resubmit → submitted']);
    }
    expect(open('submitted', 'client')).toEqual([]);
    expect(open('submitted', 'system')).toEqual([]);
    expect(open('returned', 'client')).toEqual(['resubmit → submitted']);
    expect(open('draft', 'client')).toEqual(['submit → submitted']);
  });

  it('goes from approved through production and pickup to active by staff, the handover being "issue"', () => {
    for (const role of ['clerk', 'manager'] as const) {
      expect(open('approved', role)).toEqual(['produce → produced']);
      expect(open('produced', role)).toEqual(['deliver → ready']);
      expect(open('ready', role)).toEqual(['issue → active']);
    }
    for (const state of ['approved', 'produced', 'ready'] as const) expect(open(state, 'client')).toEqual([]);
    expect(open('approved', 'system')).toEqual([]);
    expect(open('produced', 'system')).toEqual([]);
  });

  it('lapses only from ready for pickup, and only by the portal (the worker’s job)', () => {
    expect(WORKFLOWS.city_card.filter(({ to }) => to === 'lapsed')).toEqual([
      { name: 'lapse', from: 'ready', to: 'lapsed', roles: ['system'] },
    ]);
    expect(open('ready', 'system')).toEqual(['lapse → lapsed']);
  });

  it('is blocked by its holder or staff once active, replaced only at the counter, expired by the portal', () => {
    expect(open('active', 'client')).toEqual(['block → blocked']);
    expect(open('active', 'clerk')).toEqual(['block → blocked']);
    expect(open('active', 'system')).toEqual(['expire → expired']);
    expect(open('blocked', 'client')).toEqual([]);
    expect(open('blocked', 'manager')).toEqual(['replace → replaced']);
  });

  it('never passes through the Client Card’s issued state, numbered but waiting for its fee', () => {
    expect(statesOf('city_card').has('issued')).toBe(false);
  });
});
