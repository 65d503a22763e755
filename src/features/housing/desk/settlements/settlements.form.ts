// A media settlement as staff record it (issue #21, source 004): the medium, the period it
// settles, what the premises used (m³ of water, GJ of heat, up to three decimals), what that
// cost and what the premises paid in advances (zero when it paid none), the day it is booked
// (not before the period's end) and, for a surcharge, the day it is due.
import { z } from 'zod';
import { MEDIA } from '../../housing.types.ts';
import { notBefore, typedDay, typedMoney, typedQuantity } from '../typed-fields.ts';

export const settlementForm = z
  .object({
    medium: z.enum(MEDIA, 'housingDesk:settlements.mediumMissing'),
    periodFrom: typedDay,
    periodTo: typedDay,
    consumption: typedQuantity,
    cost: typedMoney({ zero: true }),
    advances: typedMoney({ zero: true }),
    settledOn: typedDay,
    dueOn: typedDay,
  })
  .refine(({ periodFrom, periodTo }) => notBefore(periodTo, periodFrom), {
    path: ['periodTo'],
    message: 'housing:form.toBeforeFrom',
  })
  .refine(({ periodTo, settledOn }) => notBefore(settledOn, periodTo), {
    path: ['settledOn'],
    message: 'housingDesk:settlements.settledBeforeEnd',
  })
  .refine(({ settledOn, dueOn }) => notBefore(dueOn, settledOn), {
    path: ['dueOn'],
    message: 'housing:desk.charge.dueBeforeBooked',
  });
