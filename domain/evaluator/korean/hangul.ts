/**
 * Syllable arithmetic on precomposed Hangul (U+AC00-U+D7A3): enough to build verb endings
 * (가 + ㅂ니다 -> 갑니다, 하 + ㄹ게요 -> 할게요) and to read a word's final consonant.
 */

const FIRST = 0xac00;
const LAST = 0xd7a3;

/** Final-consonant (jongseong) indexes used by verb endings. */
export const JONG = { none: 0, rieul: 8, mieum: 16, bieup: 17, ssangSiot: 20, nieun: 4 } as const;

function isSyllable(code: number): boolean {
  return code >= FIRST && code <= LAST;
}

/** The final consonant index of the last syllable (0: none), or -1 when it is not Hangul. */
export function finalOf(word: string): number {
  const code = word.codePointAt(word.length - 1) ?? 0;
  return isSyllable(code) ? (code - FIRST) % 28 : -1;
}

export function endsInVowel(word: string): boolean {
  return finalOf(word) === JONG.none;
}

/** A final consonant that takes the vowel-form particles: none, or ㄹ for (으)로. */
export function takesVowelForm(word: string, rieulCountsAsVowel = false): boolean {
  const final = finalOf(word);
  return final === JONG.none || final === -1 || (rieulCountsAsVowel && final === JONG.rieul);
}

/** Puts `jong` under the last syllable of `word`, which must have no final consonant. */
export function withFinal(word: string, jong: number): string {
  const code = word.codePointAt(word.length - 1) ?? 0;
  if (!isSyllable(code) || (code - FIRST) % 28 !== 0) return word;
  return word.slice(0, -1) + String.fromCodePoint(code + jong);
}

/** Removes the last syllable's final consonant (살 -> 사). */
export function withoutFinal(word: string): string {
  const code = word.codePointAt(word.length - 1) ?? 0;
  if (!isSyllable(code)) return word;
  const final = (code - FIRST) % 28;
  return word.slice(0, -1) + String.fromCodePoint(code - final);
}

/** The medial vowel index of the last syllable (0 = ㅏ, 8 = ㅗ, ...). */
export function lastVowelOf(word: string): number {
  const code = word.codePointAt(word.length - 1) ?? 0;
  return isSyllable(code) ? Math.floor(((code - FIRST) % 588) / 28) : -1;
}

export const VOWEL = { a: 0, ae: 1, eo: 4, e: 5, o: 8, u: 13, eu: 18, i: 20, ya: 2 } as const;

export function isHangulWord(word: string): boolean {
  return word.length > 0 && [...word].every((char) => isSyllable(char.codePointAt(0) ?? 0));
}
