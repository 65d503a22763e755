// An address shown to someone who may not be its owner (the notice to the old address of an
// e-mail change, which anyone reading that mailbox sees): enough to recognise one's own
// address, too little to learn someone else's. The first character of the local part and of
// the domain's first label stay, and the top-level domain; every hidden run is "***" whatever
// its length, so not even the length shows.
const HIDDEN = '***';

/** The first character (a whole code point, so an accented or astral letter is not split). */
const firstOf = (text: string): string => Array.from(text)[0] ?? '';

export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return HIDDEN;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const topLevel = dot > 0 ? domain.slice(dot) : '';
  return `${firstOf(local)}${HIDDEN}@${firstOf(domain)}${HIDDEN}${topLevel}`;
}
