import { readFileSync } from 'node:fs';
import path from 'node:path';
import decodeQR from '@paulmillr/qr/decode.js';
import ejs from 'ejs';
import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../../../test/http/html.ts';
import { viewsDir } from '../http/views.ts';
import { QR_QUIET_ZONE, qrCode } from './qr-svg.ts';
import { totpUri } from './totp.ts';
import { modulesOfPath, pictureOf } from '../../../test/support/qr-picture.ts';

const PARTIAL = readFileSync(path.join(viewsDir, 'partials', 'qr-code.ejs'), 'utf8');

/** The code as a page shows it: the partial views/partials/qr-code.ejs, rendered as EJS does. */
const qrSvg = (text: string, label: string): string => ejs.render(PARTIAL, { qr: qrCode(text), label }).trim();

const URI = totpUri({
  issuer: 'Spółdzielnia Mieszkaniowa „Zgoda” & Syn',
  account: 'zofia.wisniewska-kowalczyk@example.test',
  secret: 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ',
});
const LABEL = 'Kod QR do aplikacji <"uwierzytelniającej"> & co';

const attribute = (svg: string, name: string): string | undefined =>
  new RegExp(`<svg\\b[^>]*\\s${name}="([^"]*)"`).exec(svg)?.[1];

/** The dark modules the SVG draws, read back from its path, which holds nothing but row runs. */
function modulesOf(svg: string): boolean[][] {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const d = /<path [^>]*d="([^"]*)"/.exec(svg)![1]!;
  expect([...d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)].map((run) => run[0]).join('')).toBe(d);
  return modulesOfPath(d, size);
}

describe('QR code as inline SVG', () => {
  const svg = qrSvg(URI, LABEL);

  it('is one well-formed <svg> element with nothing loaded from elsewhere', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*>[\s\S]*<\/svg>$/);
    expect(svg).not.toContain('data:');
    expect(svg).not.toMatch(/href|<image|<script|style=/);
    // Every tag closed in order, every attribute quoted, no stray '<' or '&' in text.
    const open: string[] = [];
    for (const [tag, closing, name, attributes, selfClosing] of svg.matchAll(
      /<(\/?)(\w+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g,
    )) {
      expect(attributes ?? '', tag).not.toMatch(/&(?!(amp|lt|gt|quot|#\d+);)/);
      if (closing) expect(open.pop()).toBe(name);
      else if (!selfClosing) open.push(name!);
    }
    expect(open).toEqual([]);
    const text = svg.replace(/<[^>]*>/g, '');
    expect(text).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|#\d+);)/);
  });

  it('is named for assistive technology by the caller’s label, escaped', () => {
    expect(attribute(svg, 'role')).toBe('img');
    expect(decodeEntities(attribute(svg, 'aria-label')!)).toBe(LABEL);
    expect(decodeEntities(/<title>([^<]*)<\/title>/.exec(svg)![1]!)).toBe(LABEL);
  });

  it('draws dark modules on a light square with crisp edges', () => {
    expect(attribute(svg, 'shape-rendering')).toBe('crispEdges');
    expect(svg).toMatch(/<rect width="(\d+)" height="\1" fill="#fff"\/><path fill="#000" d="/);
  });

  it('has as many modules as its version calls for, inside a quiet zone of four', () => {
    const modules = modulesOf(svg);
    const symbol = modules.length - 2 * QR_QUIET_ZONE;
    const version = (symbol - 17) / 4;
    expect(Number.isInteger(version) && version >= 1 && version <= 40, `${symbol} modules`).toBe(true);
    expect(attribute(svg, 'viewBox')).toBe(`0 0 ${modules.length} ${modules.length}`);
    const inQuietZone = (i: number): boolean => i < QR_QUIET_ZONE || i >= modules.length - QR_QUIET_ZONE;
    modules.forEach((row, y) => row.forEach((dark, x) => dark && expect(inQuietZone(x) || inQuietZone(y)).toBe(false)));
    // The finder pattern's dark ring in the top-left corner, where the version puts it.
    expect(modules[QR_QUIET_ZONE]!.slice(QR_QUIET_ZONE, QR_QUIET_ZONE + 7)).toEqual(Array(7).fill(true));
  });

  it('reads back as the text it encodes', () => {
    expect(decodeQR(pictureOf(modulesOf(svg), 4))).toBe(URI);
    const short = 'otpauth://totp/a:b?secret=JBSWY3DPEHPK3PXP';
    expect(decodeQR(pictureOf(modulesOf(qrSvg(short, 'QR')), 3))).toBe(short);
  });
});
