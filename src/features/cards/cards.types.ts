// The cards context's vocabulary: a card type as a tenant configures it, a card from its
// application on, and one transition in its history.
import type { Currency } from '../money/index.ts';
import type { CheckDigit } from './card-number.ts';
import type { CardState, TransitionName, WorkflowName, WorkflowRole } from './workflow.ts';

export interface CardType {
  id: string;
  /** Lower-case words joined by hyphens: the type in addresses (/cards/karta-klienta). */
  code: string;
  name: string;
  workflow: WorkflowName;
  /** In minor units; 0: no fee, the card is active once issued. */
  activationFee: number;
  currency: Currency;
  /** The digits every number of the type begins with. */
  numberPrefix: string;
  /** Digits in all: the prefix, the serial and the check digit. */
  numberLength: number;
  /** The check digit's scheme: chosen with the type, never changed (the numbers issued carry it). */
  checkDigit: CheckDigit;
}

export interface Card {
  id: string;
  cardTypeId: string;
  clientId: string;
  state: CardState;
  stateSince: Date;
  /** Once issued. */
  number: string | null;
  /** The money account its fees are charged to, once issued. */
  accountId: string | null;
  createdAt: Date;
}

export interface CardEvent {
  id: string;
  cardId: string;
  transition: TransitionName;
  fromState: CardState;
  toState: CardState;
  actorRole: WorkflowRole;
  reasons: string | null;
  occurredAt: Date;
}
