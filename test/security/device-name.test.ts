// A session's browser in words, whatever the User-Agent holds.
import { describe, expect, it } from 'vitest';
import { createI18n, translator } from '../../src/platform/i18n/i18n.ts';
import { deviceName } from '../../src/features/accounts/security/device-name.ts';

const en = translator(createI18n(), 'en');
const pl = translator(createI18n(), 'pl');

describe('deviceName', () => {
  it('names the browser and the system', () => {
    expect(deviceName(en, 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(
      'Firefox on Linux',
    );
    expect(deviceName(pl, 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(
      'Firefox w systemie Linux',
    );
    expect(
      deviceName(
        en,
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0',
      ),
    ).toBe('Microsoft Edge on Windows');
  });

  it('says "unknown device" for what it cannot name, and never fails', () => {
    // bowser would take a name out of these; a stranger's text never becomes a device name.
    const madeUp = ['Your bank/1.0 (official)', 'Front desk/2 ', "=cmd|' /C calc'!A0"];
    for (const userAgent of [undefined, '', '   ', 'curl/8.5.0', '\u0000\uffff', ...madeUp]) {
      expect(deviceName(en, userAgent)).toBe('Unknown device');
    }
  });
});
