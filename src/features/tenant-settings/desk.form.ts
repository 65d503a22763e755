// The form of a front desk: its name and address, how to reach it, and its hours as a person
// writes them, a line per weekday ("08:00-16:00, 17:00-19:00"; empty: closed). The hours are
// checked as the database checks them (an interval opens before it closes) and more: times
// that exist, and no two intervals of a day overlapping.
import { z } from 'zod';
import { contactSchema } from '../../platform/tenancy/tenant.ts';
import type { FrontDeskInput } from '../portal/index.ts';

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

// 8:00-16:00, 08.00–16.00: a time is hours and minutes, with a colon or a dot; 24:00 closes a day.
const INTERVAL = /^(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})$/;

function time(hours: string, minutes: string, closing: boolean): string | undefined {
  const [h, m] = [Number(hours), Number(minutes)];
  if (m > 59 || h > 24 || (h === 24 && (m > 0 || !closing))) return undefined;
  return `${String(h).padStart(2, '0')}:${minutes}`;
}

/** A day's line as intervals [opens, closes], or the key of what is wrong with it. */
export function parseDayHours(line: string): [string, string][] | { problem: string } {
  const parts = line
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const intervals: [string, string][] = [];
  for (const part of parts) {
    const match = INTERVAL.exec(part);
    const opens = match && time(match[1]!, match[2]!, false);
    const closes = match && time(match[3]!, match[4]!, true);
    if (!opens || !closes) return { problem: 'adminSettings:desks.errors.hoursFormat' };
    intervals.push([opens, closes]);
  }
  intervals.sort(([a], [b]) => a.localeCompare(b));
  if (intervals.some(([opens, closes]) => opens >= closes)) return { problem: 'adminSettings:desks.errors.hoursOrder' };
  if (intervals.some(([opens], index) => index > 0 && opens < intervals[index - 1]![1])) {
    return { problem: 'adminSettings:desks.errors.hoursOverlap' };
  }
  return intervals;
}

/** What a desk's day looks like in its field. */
export function dayHoursText(intervals: readonly { opens: string; closes: string }[]): string {
  return intervals.map(({ opens, closes }) => `${opens}-${closes}`).join(', ');
}

const text = (max: number) => z.string().trim().min(1).max(max);
const optional = <S extends z.ZodType<unknown, string>>(schema: S) =>
  z
    .string()
    .default('')
    .transform((value) => value.trim())
    .transform((value) => (value === '' ? undefined : value))
    .pipe(schema.optional());

const hoursField = z
  .string()
  .default('')
  .transform((line, context) => {
    const parsed = parseDayHours(line);
    if (!Array.isArray(parsed)) {
      context.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }
    return parsed;
  });

export const deskForm = z
  .object({
    name: text(200),
    street: text(200),
    postalCode: text(20),
    city: text(100),
    // As the tenant's own contact details: a phone of at least three characters, an e-mail address.
    phone: optional(contactSchema.shape.phone.max(50)),
    email: optional(contactSchema.shape.email),
    ...Object.fromEntries(WEEKDAYS.map((day) => [`hours${day}`, hoursField])),
  })
  .transform((form): FrontDeskInput => {
    const days = form as unknown as Record<string, [string, string][]>;
    return {
      name: form.name,
      street: form.street,
      postalCode: form.postalCode,
      city: form.city,
      ...(form.phone ? { phone: form.phone } : {}),
      ...(form.email ? { email: form.email } : {}),
      hours: WEEKDAYS.flatMap((day) =>
        days[`hours${day}`]!.map(([opens, closes]) => [day, opens, closes] as [number, string, string]),
      ),
    };
  });
