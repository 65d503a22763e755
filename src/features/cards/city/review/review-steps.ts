// The city card's steps the review page takes (issue #23): the verification's three outcomes
// (approve, return with reasons, reject with reasons) and the two records of the card's way to
// the counter (produced, delivered for pickup). The handover (issue) is the counter's card page's,
// with its identity check; a resubmission is the applicant's (or the clerk's entering a paper
// correction), who must send the corrected application. The counter's card page leaves these
// steps to the review page, so a city card has one place where each step is taken.
import { transitionsOpenTo, type CardState, type TransitionName, type WorkflowRole } from '../../workflow.ts';

export const REVIEW_STEPS = ['approve', 'return', 'reject', 'produce', 'deliver'] as const satisfies TransitionName[];
export type ReviewStep = (typeof REVIEW_STEPS)[number];

/** The steps whose reasons the applicant is told (the mail, the card's page). */
export const STEPS_WITH_REASONS: ReadonlySet<ReviewStep> = new Set(['return', 'reject']);

export const isReviewStep = (name: string): name is ReviewStep => REVIEW_STEPS.some((step) => step === name);

/** The review steps the role may take from the state, in the workflow's order. */
export function reviewStepsOpen(state: CardState, role: WorkflowRole): ReviewStep[] {
  return transitionsOpenTo('city_card', state, role).flatMap((step) => (isReviewStep(step.name) ? [step.name] : []));
}
