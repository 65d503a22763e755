// /account/data as a visitor reads it in each language: the CSV offer names the columns the
// downloaded file really has, in the page's language; each password field says what it is for;
// and closing the account looks like the destructive action it is, not like the download.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { AA_TEXT_CONTRAST, contrastRatio } from '../../src/lib/contrast.ts';
import { createActiveClient } from '../support/clients.ts';
import { useTestDatabase } from '../support/database.ts';
import { decodeEntities, visibleText } from '../http/html.ts';
import { dataPortal, exportData, signedIn, type DataPortal } from './helpers.ts';

const db = useTestDatabase();
const LANGUAGES = ['pl', 'en', 'cs'] as const;

let p: DataPortal;

beforeAll(async () => {
  p = await dataPortal(db.current);
});

async function dataPage(lang: string) {
  const client = await createActiveClient(db.current.app, p.tenant.id, { preferred_locale: lang });
  const agent = await signedIn(p, client);
  const html = (await agent.get(`/${p.slug}/account/data?lang=${lang}`).expect(200)).text;
  return { agent, client, html };
}

/** The visible text of the label of a field. */
function labelOf(html: string, id: string): string {
  const label = new RegExp(`<label for="${id}">([\\s\\S]*?)</label>`).exec(html)?.[1];
  if (label === undefined) throw new Error(`no label for #${id}`);
  return visibleText(label);
}

/** The classes of the submit button of the form posting to the action. */
function submitClasses(html: string, action: string): string[] {
  const form = new RegExp(`<form method="post" action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1] ?? '';
  const button = /<button type="submit" class="([^"]+)"/.exec(form)?.[1];
  if (button === undefined) throw new Error(`no submit button in ${action}`);
  return button.split(/\s+/);
}

describe.each(LANGUAGES)('the data page in %s', (lang) => {
  it('names the CSV columns as the downloaded file heads them, in the page language', async () => {
    const { agent, client, html } = await dataPage(lang);
    const offer = labelOf(html, 'format-csv');
    const download = await exportData(agent, p.slug, 'csv', client.password);
    expect(download.status).toBe(200);
    const [header] = parse(download.text, { bom: true }) as string[][];
    expect(header).toHaveLength(4);
    for (const column of header!) expect(offer).toContain(column);
    if (lang !== 'en') {
      for (const english of ['section', 'record', 'field', 'value'])
        expect(offer).not.toMatch(new RegExp(`\\b${english}\\b`));
    }
  });

  it('labels the two password fields by what each is for', async () => {
    const { html } = await dataPage(lang);
    const exportLabel = labelOf(html, 'exportPassword');
    const closeLabel = labelOf(html, 'closePassword');
    expect(exportLabel).not.toBe(closeLabel);
    const expected = {
      pl: ['Twoje hasło, aby pobrać dane', 'Twoje hasło, aby zamknąć konto'],
      en: ['Your password, to download your data', 'Your password, to close your account'],
      cs: ['Vaše heslo pro stažení údajů', 'Vaše heslo pro zrušení účtu'],
    }[lang];
    expect([exportLabel, closeLabel]).toEqual(expected);
  });

  it('styles closing the account as a destructive action, unlike the download', async () => {
    const { html } = await dataPage(lang);
    expect(submitClasses(html, `/${p.slug}/account/data/export`)).toEqual(['button']);
    expect(submitClasses(html, `/${p.slug}/account/close`)).toEqual(['button', 'button--danger']);
  });
});

describe('the danger button style', () => {
  const css = readFileSync(path.resolve(import.meta.dirname, '../../public/css/components.css'), 'utf8');
  /** The declarations of the rule with exactly this selector list. */
  const rule = (selector: string): Record<string, string> => {
    const at = css.indexOf(`\n${selector} {`);
    if (at < 0) throw new Error(`no rule ${selector}`);
    const body = css.slice(css.indexOf('{', at) + 1, css.indexOf('}', at));
    return Object.fromEntries(
      body
        .split(';')
        .map((declaration) => declaration.split(':').map((part) => part.trim()))
        .filter(([name, value]) => name && value)
        .map(([name, value]) => [name!, decodeEntities(value!)]),
    );
  };

  it('is served, differs from the main button and keeps AA contrast at rest and on hover', () => {
    const danger = rule('.button--danger');
    const hover = rule('.button--danger:hover');
    expect(danger.background).not.toBe(rule('.button').background);
    expect(danger['border-color']).toBe(danger.color);
    expect(contrastRatio(danger.color!, danger.background!)).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
    expect(contrastRatio(hover.color!, hover.background!)).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
    const highContrast = rule('html.contrast-high .button--danger,\nhtml.contrast-high .button--danger:hover');
    expect(contrastRatio(highContrast.color!, highContrast.background!)).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
    expect(highContrast['border-style']).toBe('dashed');
  });
});
