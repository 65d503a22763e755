// Reading a posted form: zod parses it (unknown fields are dropped, never mass-assigned), and
// what fails becomes field errors in the visitor's language, for a 422 re-render with an
// error summary linked to the fields (views/partials/error-summary.ejs).
import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Translate } from '../i18n/i18n.ts';

export interface FieldError {
  field: string;
  message: string;
  /**
   * Where the summary's link leads when the error is of no field on the page (a damaged link
   * to older rows leads to the newest); a field's own error leads to the field.
   */
  href?: string;
}

/** A form that failed its schema: the errors by field, and what was typed (never passwords). */
export interface InvalidFormResult {
  errors: FieldError[];
  values: Record<string, string>;
}

export type FormResult<T> = { ok: true; data: T } | ({ ok: false } & InvalidFormResult);

// An i18n key: a namespace, a colon, a dotted key (no spaces, so never a sentence).
const MESSAGE_KEY = /^[a-z][A-Za-z]*:[A-Za-z0-9_.]+$/;

/** A schema may name its own message as an i18n key, e.g. .refine(f, 'pesel:checksum'). */
export function messageOf(issue: z.core.$ZodIssue, t: Translate): string {
  if (MESSAGE_KEY.test(issue.message)) return t(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      return t('validation:required');
    case 'too_small':
      return Number(issue.minimum) <= 1
        ? t('validation:required')
        : t('validation:tooShort', { count: Number(issue.minimum) });
    case 'too_big':
      return t('validation:tooLong', { count: Number(issue.maximum) });
    case 'invalid_format':
      return issue.format === 'email' ? t('validation:invalidEmail') : t('validation:invalid');
    default:
      return t('validation:invalid');
  }
}

/** What the visitor typed, to put back into the fields (strings only; never passwords). */
function echoValues(body: unknown, keep: (field: string) => boolean): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [field, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' && keep(field)) values[field] = value;
  }
  return values;
}

export function readForm<S extends z.ZodType>(schema: S, body: unknown, t: Translate): FormResult<z.infer<S>> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldError[] = [];
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    // One message per field: the first is the one to fix first.
    if (!errors.some((error) => error.field === field)) errors.push({ field, message: messageOf(issue, t) });
  }
  return { ok: false, errors, values: typedValues(body) };
}

/** What was typed into a form, to fill it in again when its service refused it (never passwords). */
export function typedValues(body: unknown): Record<string, string> {
  return echoValues(body, (field) => !/password|_csrf/i.test(field));
}

/** Re-renders a form with its errors: HTTP 422, nothing changed. */
export function renderInvalid(
  res: Response,
  view: string,
  locals: Record<string, unknown>,
  result: InvalidFormResult,
): void {
  res.status(422).render(view, { ...locals, errors: result.errors, values: result.values });
}

/** What a route does with a form that failed its schema: usually renderInvalid with its page. */
export type InvalidForm = (req: Request, res: Response, invalid: InvalidFormResult) => void | Promise<void>;

export interface Validation<T> extends RequestHandler {
  /** The parsed form, inside the handler that follows this middleware in the route's chain. */
  data(res: Response): T;
}

/**
 * The route chain's form check, before the handler: the body is parsed by the schema (or by
 * the schema the request calls for, e.g. the tenant's registration form); a failure goes to
 * `onInvalid` (a 422 re-render) and the handler never runs; a success is the handler's to read
 * with `.data(res)`.
 *
 *   const languageChange = validate(languageForm, (req, res, invalid) => renderProfile(res, {}, invalid));
 *   router.post('/account/profile/language', requireUser, languageChange, async (req, res) => {
 *     const { locale } = languageChange.data(res);
 */
export function validate<S extends z.ZodType>(
  schema: S | ((req: Request, res: Response) => S),
  onInvalid: InvalidForm,
): Validation<z.infer<S>> {
  const parsed = new WeakMap<Response, z.infer<S>>();
  const check: RequestHandler = async (req, res, next) => {
    const form = readForm(typeof schema === 'function' ? schema(req, res) : schema, req.body, res.locals.ctx.t);
    if (form.ok) {
      parsed.set(res, form.data);
      return next();
    }
    await onInvalid(req, res, form);
  };
  return Object.assign(check, {
    data: (res: Response) => {
      if (!parsed.has(res)) throw new Error('validate(...).data(res) read outside the route it checks');
      return parsed.get(res) as z.infer<S>;
    },
  });
}
