// A housing allowance decision as staff record it (issue #21, source 004): the decision's
// title (who granted it, its number), the monthly amount in złote and the months it covers.
import { z } from 'zod';
import { notBefore, typedDay, typedMoney, typedTitle } from '../typed-fields.ts';

export const allowanceForm = z
  .object({
    title: typedTitle,
    amount: typedMoney({ zero: false }),
    validFrom: typedDay,
    validTo: typedDay,
  })
  .refine(({ validFrom, validTo }) => notBefore(validTo, validFrom), {
    path: ['validTo'],
    message: 'housing:form.toBeforeFrom',
  });
