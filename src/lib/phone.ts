// A client's phone number as a clerk types it ("601 234 567", "+48 601-234-567",
// "0048 (601) 234 567"): kept as digits with an optional leading "+" (00 read as +), 9–15
// digits (E.164 allows at most 15). The counter's search matches on the last nine digits,
// which is the national number in Poland and in Czechia, so a number found with or without
// its country code is the same number.
const SEPARATORS = /[\s().\-/]/g;
const NORMALISED = /^\+?[0-9]{9,15}$/;

/** Digits a phone number is looked up by: its last nine. */
export const PHONE_KEY_DIGITS = 9;

/** The number kept, or undefined when what was typed is not a phone number. */
export function normalisePhone(typed: string): string | undefined {
  const compact = typed.replace(SEPARATORS, '').replace(/^00/, '+');
  return NORMALISED.test(compact) ? compact : undefined;
}

/** What the search compares: the number's last nine digits. */
export function phoneKey(phone: string): string {
  return phone.slice(-PHONE_KEY_DIGITS);
}
