// A cash or card payment taken at the counter (issue #20): the amount as the clerk types it
// (lib/money.ts: "12,50" or "12.50"), where it was paid, and the receipt's number, required, as
// the till's receipt is what the payment is checked against.
import { z } from 'zod';
import { parseAmount } from '../../../lib/money.ts';

export const typedAmount = z.string().transform((typed, context) => {
  const parsed = parseAmount(typed);
  if (!parsed.ok) {
    context.addIssue({ code: 'custom', message: `adminMoney:payment.amount.${parsed.problem}` });
    return z.NEVER;
  }
  return parsed.minor;
});

export const counterPaymentForm = z.object({
  amount: typedAmount,
  source: z.enum(['cash', 'card'], 'adminMoney:payment.chooseSource'),
  receiptNumber: z
    .string('adminMoney:payment.receiptRequired')
    .trim()
    .min(1, 'adminMoney:payment.receiptRequired')
    .max(50, 'adminMoney:payment.receiptTooLong'),
});
