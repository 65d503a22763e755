// Forms posted as a browser posts them: the page is fetched, its form read (every field with
// its name and default value), the test fills in what a person would type or tick, and exactly
// the form's fields go back. A field the page does not have cannot be posted by mistake, and
// one the page has cannot be left out: a form test tests the form the visitor gets.
import type request from 'supertest';
import { decodeEntities } from '../http/html.ts';
import { csrfTokenIn, type Agent } from './sessions.ts';

export interface FormField {
  name: string;
  /** The input's type ('text' when absent), or 'select' or 'textarea'. */
  type: string;
  id: string | undefined;
  /** The default value: the value attribute, a textarea's text, a select's chosen option. */
  value: string;
  /** A checkbox or radio button ticked by default. */
  checked: boolean;
  /** A select's option values. */
  options: string[];
}

export interface PageForm {
  method: string;
  action: string;
  fields: FormField[];
}

/** What a test fills in: text for text fields, a radio's or select's value, true/false to tick or untick. */
export type Fill = Record<string, string | boolean>;

/** The attributes of a start tag, their values' entities decoded. */
function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const body = tag.replace(/^<\w+/, '').replace(/\/?>$/, '');
  for (const match of body.matchAll(/([^\s=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attributes.set(match[1]!.toLowerCase(), decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

const CONTROL = /<input\b[^>]*>|<select\b[^>]*>[\s\S]*?<\/select>|<textarea\b[^>]*>[\s\S]*?<\/textarea>/g;
// Buttons are not read: no form of the portal names its submit button.
const NOT_SENT = new Set(['submit', 'button', 'reset', 'image', 'file']);

function fieldOf(control: string): FormField | undefined {
  const startTag = /^<[^>]*>/.exec(control)![0];
  const attributes = attributesOf(startTag);
  const name = attributes.get('name');
  const element = /^<(\w+)/.exec(control)![1]!.toLowerCase();
  const type = element === 'input' ? (attributes.get('type') ?? 'text').toLowerCase() : element;
  if (!name || attributes.has('disabled') || NOT_SENT.has(type)) return undefined;
  const field = { name, type, id: attributes.get('id'), checked: attributes.has('checked'), options: [] as string[] };
  if (element === 'textarea') {
    const text = decodeEntities(control.slice(startTag.length).replace(/<\/textarea>$/, ''));
    return { ...field, value: text.replace(/^\n/, '') };
  }
  if (element === 'select') {
    const options = [...control.matchAll(/<option\b[^>]*>([^<]*)/g)].map((match) => {
      const option = attributesOf(/^<[^>]*>/.exec(match[0])![0]);
      return { value: option.get('value') ?? decodeEntities(match[1]!).trim(), selected: option.has('selected') };
    });
    const chosen = options.find((option) => option.selected) ?? options[0];
    return { ...field, value: chosen?.value ?? '', options: options.map((option) => option.value) };
  }
  return { ...field, value: attributes.get('value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '') };
}

/** Every form of the page, in document order. */
export function formsIn(html: string): PageForm[] {
  return [...html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/g)].map((match) => {
    const attributes = attributesOf(match[1]!);
    const fields = [...match[2]!.matchAll(CONTROL)].flatMap((control) => fieldOf(control[0]) ?? []);
    return {
      method: (attributes.get('method') ?? 'get').toLowerCase(),
      action: attributes.get('action') ?? '',
      fields,
    };
  });
}

const pathOf = (url: string): string => new URL(url, 'http://portal.test').pathname;

/** The page's first form posting to this path (its query aside), or undefined. */
export function findForm(html: string, actionPath: string): PageForm | undefined {
  return formsIn(html).find((form) => pathOf(form.action) === pathOf(actionPath));
}

/** The page's form posting to this path; throws, naming the forms it has, when there is none. */
export function formIn(html: string, actionPath: string): PageForm {
  const form = findForm(html, actionPath);
  if (form) return form;
  const actions = formsIn(html).map((other) => other.action);
  throw new Error(`no form posts to ${actionPath} on this page (its forms post to: ${actions.join(', ') || 'none'})`);
}

function refuse(form: PageForm, message: string): never {
  throw new Error(`the form posting to ${form.action}: ${message}`);
}

/** The value one field sends, or undefined when it sends nothing (an unticked box, an unchosen radio). */
function sentValue(form: PageForm, field: FormField, wanted: string | boolean | undefined): string | undefined {
  if (field.type === 'checkbox') {
    if (wanted !== undefined && typeof wanted !== 'boolean') refuse(form, `tick "${field.name}" with true or false`);
    return (wanted ?? field.checked) ? field.value : undefined;
  }
  if (typeof wanted === 'boolean') refuse(form, `"${field.name}" is a ${field.type} field, not a checkbox`);
  if (field.type === 'radio')
    return (wanted === undefined ? field.checked : wanted === field.value) ? field.value : undefined;
  if (wanted === undefined) return field.value;
  if (field.type === 'hidden') refuse(form, `"${field.name}" is hidden: a visitor cannot change it`);
  if (field.type === 'select' && !field.options.includes(wanted)) {
    refuse(form, `"${field.name}" has no option "${wanted}" (it has: ${field.options.join(', ')})`);
  }
  return wanted;
}

/**
 * What a browser sends for the form with `fill` typed in: every field the form has, in its
 * order, with its default unless filled. Filling a field the form lacks, a hidden field, or a
 * radio button or select option it does not offer throws.
 */
export function filledIn(form: PageForm, fill: Fill = {}): [string, string][] {
  const names = new Set(form.fields.map((field) => field.name));
  const unknown = Object.keys(fill).filter((name) => !names.has(name));
  if (unknown.length > 0) refuse(form, `no field ${unknown.join(', ')} (it has: ${[...names].join(', ')})`);
  for (const [name, wanted] of Object.entries(fill)) {
    const radios = form.fields.filter((field) => field.name === name && field.type === 'radio');
    if (radios.length > 0 && !radios.some((radio) => radio.value === wanted)) {
      refuse(form, `"${name}" has no choice "${String(wanted)}" (it has: ${radios.map((r) => r.value).join(', ')})`);
    }
  }
  return form.fields.flatMap((field) => {
    const value = sentValue(form, field, fill[field.name]);
    return value === undefined ? [] : [[field.name, value] as [string, string]];
  });
}

/** The fields an error summary links to (its `#field` targets). */
export function errorSummaryTargets(html: string): string[] {
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/href="#([^"]+)"/g)].map((match) => decodeEntities(match[1]!));
}

/** Throws when the page's error summary names a field the page does not show (a visible field or a group of them). */
export function expectErrorsOnShownFields(html: string): void {
  const fields = formsIn(html).flatMap((form) => form.fields.filter((field) => field.type !== 'hidden'));
  const forms = [...html.matchAll(/<form\b[\s\S]*?<\/form>/g)].map((form) => form[0]);
  const groups = forms.flatMap((form) =>
    [...form.matchAll(/<fieldset\b[^>]*\sid="([^"]+)"/g)].map((match) => match[1]!),
  );
  // A file input is a field the visitor sees, though the form's fields leave it out (not sent as text).
  const files = forms.flatMap((form) =>
    [...form.matchAll(/<input\b(?=[^>]*\stype="file")[^>]*\sid="([^"]+)"/g)].map((match) => match[1]!),
  );
  const shown = new Set([...fields.flatMap((field) => field.id ?? []), ...groups, ...files]);
  const hidden = errorSummaryTargets(html).filter((target) => !shown.has(target));
  if (hidden.length > 0) throw new Error(`the errors name fields the page does not show: ${hidden.join(', ')}`);
}

export interface SubmitOptions {
  /** The path the form posts to, when it is not the page's own path. */
  action?: string;
  /** Headers sent with both requests (an address, a language). */
  headers?: Record<string, string>;
}

/** Posts the form as the browser would, to its action; the POST's response, its errors checked to name shown fields. */
export async function postForm(
  agent: Agent,
  form: PageForm,
  fill: Fill = {},
  headers: Record<string, string> = {},
): Promise<request.Response> {
  if (form.method !== 'post') refuse(form, `it is sent with ${form.method}, not post`);
  const response = await agent
    .post(form.action)
    .set(headers)
    .type('form')
    .send(new URLSearchParams(filledIn(form, fill)).toString());
  if (response.status === 422) expectErrorsOnShownFields(response.text);
  return response;
}

/**
 * Opens the page, reads its form (the one posting to the page's own path unless `action` is
 * given) and posts it with `fill` typed in: the POST's response.
 */
export async function submitForm(
  agent: Agent,
  page: string,
  fill: Fill = {},
  { action = page, headers = {} }: SubmitOptions = {},
): Promise<request.Response> {
  const shown = await agent.get(page).set(headers);
  if (shown.status !== 200) throw new Error(`GET ${page} answered ${shown.status}, not the form`);
  return postForm(agent, formIn(shown.text, action), fill, headers);
}

/**
 * What no browser sends from the page: hand-written fields with the page's CSRF token, for
 * tests of tampered input (a value a radio button does not offer, a field the page lacks) and
 * of an old tab posting a form the page no longer shows.
 */
export async function postForged(
  agent: Agent,
  page: string,
  action: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<request.Response> {
  const shown = await agent.get(page).set(headers);
  if (shown.status !== 200) throw new Error(`GET ${page} answered ${shown.status}, not a page with a CSRF token`);
  return agent
    .post(action)
    .set(headers)
    .type('form')
    .send({ _csrf: csrfTokenIn(shown.text), ...fields });
}
