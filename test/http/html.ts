// Small readers for rendered pages and responses, so request tests assert on what a visitor
// sees (text, links, the <html> element, cookies) rather than on template internals.
import type { Response } from 'supertest';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#34': '"', '#39': "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name] ?? whole);
}

/** The text a visitor reads: tags removed, entities decoded, whitespace collapsed. */
export function visibleText(html: string): string {
  const withoutHead = html.replace(/<head>[\s\S]*?<\/head>/, ' ');
  return decodeEntities(withoutHead.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The opening <html ...> tag's attribute, e.g. lang or class. */
export function htmlAttribute(html: string, name: string): string | undefined {
  const tag = /<html\b[^>]*>/.exec(html)?.[0] ?? '';
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

export function headingOne(html: string): string | undefined {
  const match = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  return match ? visibleText(match[1]!) : undefined;
}

/** Every href in the page, entities decoded. */
export function links(html: string): string[] {
  return [...html.matchAll(/\shref="([^"]*)"/g)].map((match) => decodeEntities(match[1]!));
}

/** The visible text of every link to `href` in the page, in order. */
export function linkTexts(html: string, href: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\shref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)]
    .filter((match) => decodeEntities(match[1]!) === href)
    .map((match) => visibleText(match[2]!));
}

/** The stylesheets the page links, in order. */
export function stylesheets(html: string): string[] {
  return [...html.matchAll(/<link rel="stylesheet" href="([^"]*)"/g)].map((match) => decodeEntities(match[1]!));
}

export function setCookies(response: Response): string[] {
  const header = response.headers['set-cookie'] as string[] | string | undefined;
  return header === undefined ? [] : Array.isArray(header) ? header : [header];
}

/** The Set-Cookie line for one cookie, or undefined. */
export function setCookie(response: Response, name: string): string | undefined {
  return setCookies(response).find((line) => line.startsWith(`${name}=`));
}

/** The Cookie request header that a browser would send back after this response. */
export function cookieHeader(response: Response): string {
  return setCookies(response)
    .map((line) => line.split(';')[0]!)
    .join('; ');
}
