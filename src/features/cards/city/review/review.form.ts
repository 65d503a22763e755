// The review page's form of a step (issue #23): which step, the version of the card the page
// showed (when it reached its state, in milliseconds), and the reasons, which a return or a
// rejection must give in a few words at least: the applicant reads them in the mail and on the
// card's page, and "no" tells them nothing to correct.
import { z } from 'zod';
import { REVIEW_STEPS, STEPS_WITH_REASONS } from './review-steps.ts';

/** The fewest characters reasons may have. */
export const REASONS_MIN_LENGTH = 10;
export const REASONS_MAX_LENGTH = 2000;

export const reviewStepForm = z
  .object({
    transition: z.enum(REVIEW_STEPS),
    version: z.coerce.number().int().nonnegative(),
    reasons: z.string().trim().max(REASONS_MAX_LENGTH, 'cards:review.reasonsTooLong').optional(),
  })
  .superRefine((form, context) => {
    if (!STEPS_WITH_REASONS.has(form.transition)) return;
    if (!form.reasons) context.addIssue({ code: 'custom', path: ['reasons'], message: 'cards:review.reasonsMissing' });
    else if (form.reasons.length < REASONS_MIN_LENGTH) {
      context.addIssue({ code: 'custom', path: ['reasons'], message: 'cards:review.reasonsTooShort' });
    }
  });
