// A manager's forms of the card types (issue #22): a new type with its kind (the workflow, among
// those of the tenant's card modules: asked only where there is more than one), its number
// format and check digit, and the name and fee of one in use (its code, format and check digit
// stay, as the numbers issued carry them). A free kind of card (the city card, issue #23) has no
// fee to ask for: its fee is 0 whatever is sent.
import { z } from 'zod';
import { typedAmount } from '../../money/index.ts';
import { CHECK_DIGITS } from '../card-number.ts';
import { WORKFLOW_TRAITS, type WorkflowName } from '../workflow.ts';

const name = z
  .string('cards:types.nameMissing')
  .trim()
  .min(1, 'cards:types.nameMissing')
  .max(100, 'cards:types.nameTooLong');

/** Whether the form asks for a fee: some kind of card on offer is not free. */
export const asksFee = (workflows: readonly WorkflowName[]): boolean =>
  workflows.some((workflow) => !WORKFLOW_TRAITS[workflow].free);

/** The name and fee of a type in use; a free type's form has no fee. */
export function cardTypeChangeForm(workflow: WorkflowName) {
  const free = WORKFLOW_TRAITS[workflow].free;
  return z
    .object({ name, activationFee: free ? z.unknown().optional() : typedAmount })
    .transform(({ name, activationFee }) => ({ name, activationFee: free ? 0 : (activationFee as number) }));
}

/**
 * A new type, at a tenant whose card modules offer these workflows (at least one). Where a free
 * kind and one with a fee are both on offer the fee field is there, and counts only for the latter.
 */
export function newCardTypeForm(workflows: readonly WorkflowName[]) {
  return z
    .object({
      name,
      // Chosen only where there is a choice; the one on offer otherwise.
      workflow:
        workflows.length > 1
          ? z.enum(workflows as [WorkflowName, ...WorkflowName[]], 'cards:types.workflowMissing')
          : z
              .unknown()
              .optional()
              .transform(() => workflows[0]!),
      code: z
        .string('cards:types.codeInvalid')
        .trim()
        .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'cards:types.codeInvalid')
        .max(50, 'cards:types.codeInvalid'),
      activationFee: asksFee(workflows) ? typedAmount : z.unknown().optional(),
      currency: z.enum(['PLN', 'CZK'], 'cards:types.currencyMissing'),
      numberPrefix: z
        .string('cards:types.prefixInvalid')
        .trim()
        .regex(/^[0-9]{1,8}$/, 'cards:types.prefixInvalid'),
      numberLength: z.coerce
        .number('cards:types.lengthInvalid')
        .int('cards:types.lengthInvalid')
        .min(8, 'cards:types.lengthInvalid')
        .max(19, 'cards:types.lengthInvalid'),
      checkDigit: z.enum(CHECK_DIGITS, 'cards:types.checkDigitMissing'),
    })
    .transform((form) => {
      const workflow = form.workflow as WorkflowName;
      return { ...form, workflow, activationFee: WORKFLOW_TRAITS[workflow].free ? 0 : (form.activationFee as number) };
    });
}
