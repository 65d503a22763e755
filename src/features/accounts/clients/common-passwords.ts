// Whether a password is common or easily guessed: zxcvbn-ts with the common, pl, en and cs
// dictionaries (password-policy.ts explains the rule). Loaded only in the thread of
// common-passwords.worker.ts, never on a web process's event loop: the dictionaries are a
// large heap that every full garbage collection of the event loop's heap would have to mark
// again, and judging one password takes milliseconds that no page view should wait behind
// (bench/README.md, "Measurements behind the code").
import { ZxcvbnFactory, type MatchExtended } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnCs from '@zxcvbn-ts/language-cs';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import * as zxcvbnPl from '@zxcvbn-ts/language-pl';

/**
 * zxcvbn's matching grows fast with length (measured before this bound: ~0.9 s for 64 random
 * characters, ~1.4 s for 128, with the four dictionaries loaded). A longer password is judged by
 * its first 32 code points: whoever guesses the password has to get those right too, so if
 * they alone are hard to guess the whole is; if they are easy, the password is refused.
 */
export const ZXCVBN_WINDOW = 32;

/**
 * "Common" means: zxcvbn estimates fewer than 10^7 guesses, or the whole password is one single
 * recognisable thing (one dictionary word or listed password, also l33t or reversed; one
 * keyboard walk like 'zaq1@WSXcde3'; one repeat, sequence or date). 10^7 refuses listed
 * passwords with a suffix ('Password123!' 10^4.7, 'Kochamcie123' 10^6.5, 'Haslo123' 10^6.7)
 * while a random 8-character password (10^8) or a three-word passphrase (10^10 and up) passes.
 */
export const MIN_GUESSES_LOG10 = 7;

// Built once at module load (~0.3 s, ~300 000 words). Dictionary names are suffixed with their
// language: pl and cs both call theirs 'commonWords' and 'wikipedia', and a plain spread would
// silently drop one. l33tMaxSubstitutions bounds how many l33t readings are tried (each costs a
// full dictionary pass); fully substituted readings come first, so 'P@ssw0rd' is still found.
const zxcvbn = new ZxcvbnFactory({
  dictionary: Object.fromEntries(
    Object.entries({ common: zxcvbnCommon, pl: zxcvbnPl, en: zxcvbnEn, cs: zxcvbnCs }).flatMap(([language, pack]) =>
      Object.entries(pack.dictionary as Record<string, (string | number)[]>).map(([name, words]) => [
        name.endsWith(`-${language}`) ? name : `${name}-${language}`,
        words,
      ]),
    ),
  ),
  graphs: zxcvbnCommon.adjacencyGraphs,
  l33tMaxSubstitutions: 8,
  maxLength: ZXCVBN_WINDOW * 2, // UTF-16 units; the window is cut in code points before this
});

/** Whether zxcvbn finds the password (or its first ZXCVBN_WINDOW code points) easy to guess. */
export function isCommonPassword(normalised: string): boolean {
  const points = Array.from(normalised);
  const judged = points.length > ZXCVBN_WINDOW ? points.slice(0, ZXCVBN_WINDOW).join('') : normalised;
  const result = zxcvbn.check(judged);
  if (result.guessesLog10 < MIN_GUESSES_LOG10) return true;
  return points.length <= ZXCVBN_WINDOW && isSinglePattern(result.sequence, judged);
}

function isSinglePattern(sequence: MatchExtended[], password: string): boolean {
  if (sequence.length !== 1) return false;
  const [match] = sequence as [MatchExtended];
  return match.pattern !== 'bruteforce' && match.i === 0 && match.j === password.length - 1;
}
