// Choosing a new password, wherever it happens (activation, reset, change, the first sign-in
// with a start password): the tenant's policy, and the two fields must match. Messages are in
// the visitor's language, ready for renderInvalid; passwords are never sent back.
import type { FieldError } from '../../../platform/http/forms.ts';
import type { Translate } from '../../../platform/i18n/i18n.ts';
import { checkPassword, type PasswordSettings, type PersonalData } from './password-policy.ts';

export interface NewPasswordInput {
  password: string;
  passwordConfirmation: string;
}

export async function newPasswordErrors(
  t: Translate,
  { password, passwordConfirmation }: NewPasswordInput,
  options: PasswordSettings & { personal: PersonalData },
): Promise<FieldError[]> {
  const errors: FieldError[] = (await checkPassword(password, options)).map((problem) => ({
    field: 'password',
    message: t(problem.key, problem.values ?? {}),
  }));
  if (passwordConfirmation !== password) {
    errors.push({ field: 'passwordConfirmation', message: t('password:mismatch') });
  }
  return errors;
}
