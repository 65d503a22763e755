// The housing e-BOK's vocabulary (issue #21): buildings, premises, the residents' rights to
// them, and the monthly fees with their basis. Areas are hundredths of a square metre and
// amounts minor units, so a fee is computed in integers and rounded once, half up, to the grosz.

export const PREMISES_KINDS = ['residential', 'commercial', 'garage'] as const;
export type PremisesKind = (typeof PREMISES_KINDS)[number];

export const RIGHT_KINDS = ['ownership', 'cooperative', 'tenancy'] as const;
export type RightKind = (typeof RIGHT_KINDS)[number];

/** The money accounts a premises keeps apart, one per fund (money_accounts.kind). */
export const FUNDS = ['maintenance', 'repair_fund'] as const;
export type Fund = (typeof FUNDS)[number];

export const FEE_BASES = ['area', 'persons', 'fixed'] as const;
export type FeeBasis = (typeof FEE_BASES)[number];

export interface Premises {
  id: string;
  buildingId: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  number: string;
  kind: PremisesKind;
  /** The premises' code in the tenant's accounting system, unique per tenant. */
  code: string;
  areaHundredths: number;
  persons: number;
  /** The premises' individual bank account (NRB, 26 digits); null until one is assigned. */
  accountNumber: string | null;
}

export interface Building {
  id: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
}

export interface PremisesRight {
  id: string;
  premisesId: string;
  clientId: string;
  kind: RightKind;
  /** YYYY-MM-DD, the first day the right covers. */
  validFrom: string;
  /** YYYY-MM-DD, the last day it covers; null while it lasts. */
  validTo: string | null;
}

/**
 * The days a resident may see of a premises: from the first day of their earliest right to the
 * last day of their latest (null: still running). Only right holders see a premises, and only
 * for the dates their rights cover (source 002).
 */
export interface VisibleWindow {
  from: string;
  to: string | null;
}

export interface FeeComponent {
  id: string;
  premisesId: string;
  fund: Fund;
  title: string;
  basis: FeeBasis;
  /** Minor units per square metre, per person, or the fixed amount. */
  rate: number;
  validFrom: string;
  validTo: string | null;
}

export interface AllowanceDecision {
  id: string;
  title: string;
  monthlyAmount: number;
  validFrom: string;
  validTo: string;
}

export const MEDIA = ['water', 'heating'] as const;
export type Medium = (typeof MEDIA)[number];

/** What a premises used of a medium in a period, against the advances it paid. */
export interface MediaSettlement {
  id: string;
  medium: Medium;
  periodFrom: string;
  periodTo: string;
  consumptionThousandths: number;
  unit: 'm3' | 'GJ';
  advances: number;
  cost: number;
  /** The day the result was booked. */
  settledOn: string;
}

/** What a settlement leaves: > 0 to pay, < 0 refunded. */
export const settlementResult = (settlement: Pick<MediaSettlement, 'cost' | 'advances'>): number =>
  settlement.cost - settlement.advances;

/** A fee component's monthly amount for the premises, in minor units, rounded half up once. */
export function monthlyFee(
  component: Pick<FeeComponent, 'basis' | 'rate'>,
  premises: Pick<Premises, 'areaHundredths' | 'persons'>,
): number {
  switch (component.basis) {
    case 'area':
      return Math.floor((premises.areaHundredths * component.rate + 50) / 100);
    case 'persons':
      return premises.persons * component.rate;
    case 'fixed':
      return component.rate;
  }
}

/** Whether `date` (YYYY-MM-DD) lies in the window. */
export function inWindow(window: VisibleWindow, date: string): boolean {
  return date >= window.from && (window.to === null || date <= window.to);
}
