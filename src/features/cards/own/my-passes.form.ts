// The client's purchase of a season pass (issue #22): which type of the catalogue (its code, the
// form's hidden field: one that is no type here is not on sale) and which price, full or reduced
// (offered only to the entitled; the service checks it again, so a forged "reduced" is refused).
import { z } from 'zod';

export const passPurchaseForm = z.object({
  passType: z.string().min(1).max(50),
  price: z.enum(['full', 'reduced']),
  // The form's own key (the page's and the type's code): sent twice, it buys one pass.
  key: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/),
});
