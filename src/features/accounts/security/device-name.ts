// A session's or sign-in's browser in words ("Firefox on Linux"), from its User-Agent, so a
// client can tell their own devices from a stranger's. bowser (MIT) knows the names.
import Bowser from 'bowser';
import type { Translate } from '../../../platform/i18n/i18n.ts';

export interface Device {
  browser?: string;
  os?: string;
}

// Only names bowser knows. For anything else it takes a name out of the string itself, and a
// User-Agent is whatever the sender typed: a stranger's failed sign-in must not appear in the
// client's history as "Your bank" or "Front desk".
const KNOWN_BROWSERS: ReadonlySet<string> = new Set(Object.values(Bowser.BROWSER_MAP));
const KNOWN_SYSTEMS: ReadonlySet<string> = new Set(Object.values(Bowser.OS_MAP));

export function deviceOf(userAgent: string | undefined): Device {
  // bowser refuses an empty string; a missing header is simply an unknown device.
  if (!userAgent?.trim()) return {};
  const { browser, os } = Bowser.parse(userAgent);
  return {
    ...(browser.name && KNOWN_BROWSERS.has(browser.name) ? { browser: browser.name } : {}),
    ...(os.name && KNOWN_SYSTEMS.has(os.name) ? { os: os.name } : {}),
  };
}

/** "Firefox on Linux", "Firefox", "Linux" or "Unknown device", in the page's language. */
export function deviceName(t: Translate, userAgent: string | undefined): string {
  const { browser, os } = deviceOf(userAgent);
  if (browser && os) return t('security:device.browserOnSystem', { browser, os });
  return browser ?? os ?? t('security:device.unknown');
}
