// The "Pay" form: which account, and the idempotency key the page put in it, so the same form
// sent twice (a double click, a resend after a timeout) makes one intent.
import { z } from 'zod';

export const uuid = z.string().uuid();

export const payForm = z.object({
  account: uuid,
  key: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/),
});
