// The counter's search box, and the hidden field that carries a page's place in the results.
import { z } from 'zod';
import { MAX_QUERY_LENGTH, MIN_QUERY_LENGTH } from '../accounts/index.ts';

export const searchForm = z.object({
  q: z
    .string('adminClients:search.tooShort')
    .trim()
    .min(MIN_QUERY_LENGTH, 'adminClients:search.tooShort')
    .max(MAX_QUERY_LENGTH, 'adminClients:search.tooLong'),
  // Only the page's own button sends it: anything else is a tampered form.
  after: z
    .string()
    .optional()
    .transform((after) => (after === '' ? undefined : after))
    .pipe(z.uuid('adminClients:search.badPage').optional()),
});
