// The review queue's filters, read from the query of a GET form (filtering changes nothing, and
// a filtered queue can be linked). Each field is read on its own: a value that is none of the
// field's (an old bookmark, a hand-typed address) is left out and named on the page as ignored,
// and the rest of the filters still apply; the page never fails on what the address carries.
import { z } from 'zod';
import { decodeKeysetCursor, type KeysetCursor } from '../../../../platform/http/keyset-cursor.ts';
import { AGE_GROUPS, type AgeGroup } from './age-groups.ts';

/** The states a city card waits for staff (or its applicant) in, the queue's choice; submitted first. */
export const QUEUE_STATES = ['submitted', 'returned', 'approved', 'produced', 'ready'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export const DISCOUNT_CHOICES = ['claimed', 'none'] as const;

export interface QueueFilter {
  state: QueueState;
  cardTypeId?: string;
  age?: AgeGroup;
  discount?: (typeof DISCOUNT_CHOICES)[number];
}

export const QUEUE_FILTER_FIELDS = ['state', 'type', 'age', 'discount'] as const;
type FilterField = (typeof QUEUE_FILTER_FIELDS)[number] | 'after';

const FIELDS = {
  state: z.enum(QUEUE_STATES),
  type: z.uuid().transform((id) => id.toLowerCase()),
  age: z.enum(AGE_GROUPS),
  discount: z.enum(DISCOUNT_CHOICES),
  after: z.string().max(100),
} satisfies Record<FilterField, z.ZodType>;

export interface ReadQueueQuery {
  filter: QueueFilter;
  after: KeysetCursor | undefined;
  /** The filters as they apply, for the form and the next page's link. */
  values: Record<string, string>;
  /** The fields whose value was not understood and so left out. */
  ignored: FilterField[];
}

export function readQueueQuery(query: Record<string, unknown>): ReadQueueQuery {
  const ignored: FilterField[] = [];
  const read = <F extends FilterField>(field: F): z.infer<(typeof FIELDS)[F]> | undefined => {
    const raw = query[field];
    if (raw === undefined || raw === '') return undefined;
    const parsed = FIELDS[field].safeParse(typeof raw === 'string' ? raw.trim() : raw);
    if (parsed.success) return parsed.data as z.infer<(typeof FIELDS)[F]>;
    ignored.push(field);
    return undefined;
  };
  const filter: QueueFilter = { state: read('state') ?? 'submitted' };
  const cardTypeId = read('type');
  const age = read('age');
  const discount = read('discount');
  if (cardTypeId) filter.cardTypeId = cardTypeId;
  if (age) filter.age = age;
  if (discount) filter.discount = discount;
  const cursor = read('after');
  const after = cursor === undefined ? undefined : decodeKeysetCursor(cursor);
  if (cursor !== undefined && !after) ignored.push('after');
  const values: Record<string, string> = {
    state: filter.state,
    ...(cardTypeId ? { type: cardTypeId } : {}),
    ...(age ? { age } : {}),
    ...(discount ? { discount } : {}),
  };
  return { filter, after, values, ignored };
}
