// The card application workflow (issue #22, extended by the city card of issue #23): the states
// every card passes through, and for each workflow the one table of its transitions, each with
// the state it leaves, the state it reaches and the roles that may take it. A transition is
// taken only from its state and only by its roles (transitions.service.ts asks allowedTransition
// and no one else); the matrix test tries every (state, transition, role) against this table.
//
// draft → submitted → (checks) → approved | returned (with reasons, resubmitted) | rejected;
// approved → issued (a number, the activation fee charged) → active (the fee paid) → blocked →
// replaced; active → expired. A card type names its workflow (card_types.workflow); the city
// card has its own table over the same states, with three of its own (produced, ready, lapsed).

import type { Module } from '../../platform/tenancy/tenant.ts';

export const CARD_STATES = [
  'draft',
  'submitted',
  'approved',
  'returned',
  'rejected',
  'issued',
  'active',
  'blocked',
  'replaced',
  'expired',
  'produced',
  'ready',
  'lapsed',
] as const;
export type CardState = (typeof CARD_STATES)[number];

/**
 * The states a card ends in: no transition leaves them, and its holder may apply for a card of the
 * type again (cards_one_open leaves them out, migrations/20261216000800_cards_one_open_lapsed.ts).
 */
export const FINAL_STATES = ['rejected', 'replaced', 'expired', 'lapsed'] as const satisfies readonly CardState[];

/** Who takes a transition: the applicant, the counter's roles, or the portal itself. */
export const WORKFLOW_ROLES = ['client', 'clerk', 'manager', 'system'] as const;
export type WorkflowRole = (typeof WORKFLOW_ROLES)[number];

export const TRANSITION_NAMES = [
  'submit',
  'approve',
  'return',
  'resubmit',
  'reject',
  'issue',
  'activate',
  'block',
  'replace',
  'expire',
  'produce',
  'deliver',
  'lapse',
] as const;
export type TransitionName = (typeof TRANSITION_NAMES)[number];

export interface Transition {
  name: TransitionName;
  from: CardState;
  to: CardState;
  roles: readonly WorkflowRole[];
}

export type Workflow = readonly Transition[];

const STAFF: readonly WorkflowRole[] = ['clerk', 'manager'];

/**
 * The sports centre's Client Card (source 000): a client applies online or at the counter; there
 * is nothing to check, so the portal approves and issues at once (a clerk may still return or
 * reject one a client submitted at the counter before that); paying the activation fee makes it
 * active. A lost card is blocked by its holder or a clerk; only the counter replaces it.
 */
const CLIENT_CARD: Workflow = [
  { name: 'submit', from: 'draft', to: 'submitted', roles: ['client', 'clerk', 'manager'] },
  { name: 'approve', from: 'submitted', to: 'approved', roles: ['system', ...STAFF] },
  { name: 'return', from: 'submitted', to: 'returned', roles: STAFF },
  { name: 'resubmit', from: 'returned', to: 'submitted', roles: ['client', ...STAFF] },
  { name: 'reject', from: 'submitted', to: 'rejected', roles: STAFF },
  { name: 'issue', from: 'approved', to: 'issued', roles: ['system', ...STAFF] },
  { name: 'activate', from: 'issued', to: 'active', roles: ['system', ...STAFF] },
  { name: 'block', from: 'active', to: 'blocked', roles: ['client', ...STAFF] },
  { name: 'replace', from: 'blocked', to: 'replaced', roles: STAFF },
  { name: 'expire', from: 'active', to: 'expired', roles: ['system'] },
];

/**
 * The city transport e-card (issue #23, source 001): applied for online or entered by a clerk from
 * a paper form, then reviewed by staff, who approve it, return it with reasons (the applicant
 * corrects and resubmits it) or reject it; the review is the verification of issue #23, its three
 * outcomes the three steps, so no state of its own stands between. An approved card is produced
 * (it gets its number: produce), delivered to the counter, where it is ready for pickup (deliver),
 * and handed over by a clerk, who checks the holder's identity (issue): it is active from that
 * moment, as a personal card is free and its first ticket or top-up is recorded at the handover.
 * A card not picked up within its pickup window lapses (the worker's job: lapse). A lost or stolen
 * card is blocked by its holder online or by a clerk at once; the counter replaces a blocked one
 * (a damaged one too, blocked first); the portal ends an active card's validity (expire).
 * Nothing in it is the portal's own to take after a person's step (transitions.ts AUTOMATIC).
 */
const CITY_CARD: Workflow = [
  { name: 'submit', from: 'draft', to: 'submitted', roles: ['client', ...STAFF] },
  { name: 'approve', from: 'submitted', to: 'approved', roles: STAFF },
  { name: 'return', from: 'submitted', to: 'returned', roles: STAFF },
  { name: 'resubmit', from: 'returned', to: 'submitted', roles: ['client', ...STAFF] },
  { name: 'reject', from: 'submitted', to: 'rejected', roles: STAFF },
  { name: 'produce', from: 'approved', to: 'produced', roles: STAFF },
  { name: 'deliver', from: 'produced', to: 'ready', roles: STAFF },
  { name: 'issue', from: 'ready', to: 'active', roles: STAFF },
  { name: 'lapse', from: 'ready', to: 'lapsed', roles: ['system'] },
  { name: 'block', from: 'active', to: 'blocked', roles: ['client', ...STAFF] },
  { name: 'replace', from: 'blocked', to: 'replaced', roles: STAFF },
  { name: 'expire', from: 'active', to: 'expired', roles: ['system'] },
];

/** Every workflow by the name a card type gives (card_types.workflow). */
export const WORKFLOWS = { client_card: CLIENT_CARD, city_card: CITY_CARD } as const satisfies Record<string, Workflow>;
export type WorkflowName = keyof typeof WORKFLOWS;

/** The tenant module that offers the cards of each workflow (platform/tenancy/tenant.ts MODULES). */
export const WORKFLOW_MODULES: Readonly<Record<WorkflowName, Module>> = {
  client_card: 'client_card',
  city_card: 'city_card',
};
export const WORKFLOW_NAMES = Object.keys(WORKFLOWS) as WorkflowName[];

/** What a card type of each workflow is, beyond its steps. */
export interface WorkflowTraits {
  /** No activation fee: the type's fee is 0 and its form does not ask for one (source 001: a personal city card is free). */
  free: boolean;
  /**
   * A card names its holder by PESEL, who need not be the account that applies (a parent applies
   * for a child): its application starts with the holder (city/apply/), never with startCard.
   */
  namesHolder: boolean;
  /**
   * Season passes of the tenant's catalogue go on its cards (passes/). A city card's tickets are
   * the operator's ticketing system's: the counter records them as loads (city/ticketing/).
   */
  carriesPasses: boolean;
}

export const WORKFLOW_TRAITS: Readonly<Record<WorkflowName, WorkflowTraits>> = {
  client_card: { free: false, namesHolder: false, carriesPasses: true },
  city_card: { free: true, namesHolder: true, carriesPasses: false },
};

/** The transition `name` from `state` for `role` in the workflow, or why not. */
export function allowedTransition(
  workflow: WorkflowName,
  state: CardState,
  name: TransitionName,
  role: WorkflowRole,
): { kind: 'allowed'; transition: Transition } | { kind: 'notFromState' } | { kind: 'notForRole' } {
  const fromState = WORKFLOWS[workflow].filter((transition) => transition.name === name && transition.from === state);
  if (fromState.length === 0) return { kind: 'notFromState' };
  const transition = fromState.find((candidate) => candidate.roles.includes(role));
  return transition ? { kind: 'allowed', transition } : { kind: 'notForRole' };
}

/** The transitions a role may take from the state: what a page offers as buttons. */
export function transitionsOpenTo(workflow: WorkflowName, state: CardState, role: WorkflowRole): Transition[] {
  return WORKFLOWS[workflow].filter((transition) => transition.from === state && transition.roles.includes(role));
}
