// Renders a queued mail at send time: the recipient's language, the tenant's name, branding
// and contact details as they are now, an HTML part and a text part from EJS templates.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs, { type TemplateFunction } from 'ejs';
import type { i18n } from 'i18next';
import type { Tenant } from '../tenancy/tenant.ts';
import { absoluteUrl } from '../tenancy/absolute-url.ts';
import { translator } from '../i18n/i18n.ts';
import type { Locale } from '../i18n/locales.ts';
import { viewsDir } from '../http/views.ts';
import type { AnyMailTemplate } from './templates.ts';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface MailToRender {
  template: AnyMailTemplate;
  locale: Locale;
  tenant: Tenant;
  params: unknown;
}

const emailsDir = path.join(viewsDir, 'emails');
const TEMPLATE_LOCALS = ['t', 'locale', 'tenant', 'params', 'url', 'subject', 'content'];

/** Line breaks have no place in a header; whatever reaches one is flattened first. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u0085\u2028\u2029\0]+/g, ' ').trim();
}

export function createMailRenderer({ i18n, publicUrl, cache }: { i18n: i18n; publicUrl: string; cache: boolean }) {
  // Compiled once in production; read again on every mail in development, so edits show.
  const compiled = new Map<string, TemplateFunction>();
  const renderFile = (name: string, data: Record<string, unknown>): string => {
    let template = compiled.get(name);
    if (!template) {
      const filename = path.join(emailsDir, name);
      template = ejs.compile(readFileSync(filename, 'utf8'), {
        filename,
        compileDebug: !cache,
        _with: false,
        strict: true,
        destructuredLocals: TEMPLATE_LOCALS,
        async: false,
      });
      if (cache) compiled.set(name, template);
    }
    return template(data);
  };

  return function render({ template, locale, tenant, params }: MailToRender): RenderedMail {
    // Parsing again fills in defaults and refuses a row whose parameters no longer fit.
    const checked: unknown = template.params.parse(params);
    const t = translator(i18n, locale);
    const subject = oneLine(
      String(t(`mail:${template.name}.subject`, { tenant: tenant.name, ...(checked as object) })),
    );
    const data = {
      t,
      locale,
      tenant,
      params: checked,
      subject,
      url: (pathInTenant: string) => absoluteUrl(publicUrl, tenant, pathInTenant),
    };
    const html = renderFile('layout.html.ejs', { ...data, content: renderFile(`${template.name}.html.ejs`, data) });
    // The text part is plain text: its templates print with <%- %>, since HTML escaping would
    // show "&amp;" to the reader and nothing in it is read as markup. What a user typed into it
    // (a first name, a masked new address) is one line by the template schema, and a name is
    // limited at the form to letters and what names are written with.
    const text = renderFile('layout.text.ejs', { ...data, content: renderFile(`${template.name}.text.ejs`, data) });
    return { subject, html, text };
  };
}

export type MailRenderer = ReturnType<typeof createMailRenderer>;
