// The staff's forms for a premises' fee components (issue #21): a new component (its fund,
// title, basis, rate and first day), a new rate of a running component from a day, and the
// last day of a running component. Rates are grosze per m², per person or a month's fixed
// amount (fee_components.rate, monthlyFee), typed in złote with at most two decimals. Each
// form's fields have names of their own, as the three share one page.
import { z } from 'zod';
import { FEE_BASES, FUNDS } from '../../housing.types.ts';
import { typedDay, typedMoney, typedTitle } from '../typed-fields.ts';

export const newComponentForm = z.object({
  fund: z.enum(FUNDS, 'housing:desk.charge.fundMissing'),
  title: typedTitle,
  basis: z.enum(FEE_BASES, 'housingDesk:fees.basisMissing'),
  rate: typedMoney({ zero: false }),
  validFrom: typedDay,
});

export const newRateForm = z.object({
  component: z.uuid('housingDesk:fees.componentMissing'),
  newRate: typedMoney({ zero: false }),
  rateFrom: typedDay,
});

export const endComponentForm = z.object({
  ending: z.uuid('housingDesk:fees.componentMissing'),
  lastDay: typedDay,
});
