// The counter's form of a workflow step (issue #22): which step, and the reasons, which a return
// or a rejection must give (the applicant reads them in the mail and on the card's page).
import { z } from 'zod';
import { TRANSITION_NAMES } from '../workflow.ts';

/** The steps whose reasons the applicant must be told. */
export const NEEDS_REASONS: ReadonlySet<string> = new Set(['return', 'reject']);

export const transitionForm = z
  .object({
    transition: z.enum(TRANSITION_NAMES),
    reasons: z.string().trim().max(2000, 'cards:desk.reasonsTooLong').optional(),
  })
  .superRefine((form, context) => {
    if (NEEDS_REASONS.has(form.transition) && !form.reasons) {
      context.addIssue({ code: 'custom', path: ['reasons'], message: 'cards:desk.reasonsMissing' });
    }
  });
