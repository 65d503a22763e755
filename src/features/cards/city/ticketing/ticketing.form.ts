// The ticketing page's instant and digest (ticketing.service.ts): the pending loads' download
// names the instant its list goes up to, and "mark exported" sends both back. Anything else in
// their place is no list the page showed.
import { z } from 'zod';

const instant = z.iso.datetime('cards:ticketing.badList').transform((text) => new Date(text));

/** ?through= of the pending loads' file: absent for everything pending now. */
export const pendingLoadsQuery = z.object({ through: instant.optional() });

export const markExportedForm = z.object({
  through: instant,
  digest: z.string('cards:ticketing.badList').regex(/^[A-Za-z0-9_-]{43}$/, 'cards:ticketing.badList'),
});
