// The audit log's filters, read from the page's query (a GET form: filtering changes nothing,
// and a filtered page or its CSV can be linked). Every field may be blank; what is typed must
// be what it says (an id, an action's name, a calendar day), or the page says which field is
// wrong instead of asking the database.
import { z } from 'zod';
import { parseCalendarDay } from '../../../lib/zoned-date.ts';

const blank = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const id = blank.pipe(
  z
    .uuid('adminAudit:filters.invalidId')
    .transform((value) => value.toLowerCase())
    .optional(),
);

const day = blank.pipe(
  z
    .string()
    .refine((value) => parseCalendarDay(value) !== undefined, 'adminAudit:filters.invalidDate')
    .optional(),
);

export const auditFilterForm = z
  .object({
    staff: id,
    subject: id,
    // As recordAudit names actions: 'staff.invited', 'client.viewed'.
    action: blank.pipe(
      z
        .string()
        .max(100)
        .regex(/^[a-z_]+(\.[a-z_]+)+$/, 'adminAudit:filters.invalidAction')
        .optional(),
    ),
    from: day,
    to: day,
    // The cursor of an "older" link; decoded by the route, which says when it is no cursor.
    after: blank.pipe(z.string().max(100).optional()),
  })
  .refine(({ from, to }) => from === undefined || to === undefined || from <= to, {
    path: ['to'],
    message: 'adminAudit:filters.toBeforeFrom',
  });

export type AuditFilterForm = z.infer<typeof auditFilterForm>;

/** The filter fields as the form shows them and the links carry them. */
export const AUDIT_FILTER_FIELDS = ['staff', 'subject', 'action', 'from', 'to'] as const;
