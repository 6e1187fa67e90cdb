import { finalOf, JONG } from "./hangul.ts";

/**
 * What may follow a noun: case particles, the copula, the polite 요 of a one-word answer,
 * and their combinations (카드로요, 서울에요). Forms that depend on the noun's last sound come
 * in pairs; `rightForm` tells which one a noun takes, so 카드으로 and 현금로 are recognised
 * (as the wrong member of the pair) rather than being unknown words.
 */

/** Each member of a pair -> [after a consonant, after a vowel]. (으)로 treats a final ㄹ as a vowel. */
const PAIRS: Record<string, readonly [string, string]> = {
  이: ["이", "가"],
  가: ["이", "가"],
  은: ["은", "는"],
  는: ["은", "는"],
  을: ["을", "를"],
  를: ["을", "를"],
  과: ["과", "와"],
  와: ["과", "와"],
  이랑: ["이랑", "랑"],
  랑: ["이랑", "랑"],
  으로: ["으로", "로"],
  로: ["으로", "로"],
  으로요: ["으로요", "로요"],
  로요: ["으로요", "로요"],
  이에요: ["이에요", "예요"],
  예요: ["이에요", "예요"],
  이예요: ["이에요", "예요"],
  이요: ["이요", "요"],
  요: ["이요", "요"],
  이야: ["이야", "야"],
  야: ["이야", "야"],
  이다: ["이다", "다"],
  이세요: ["이세요", "세요"],
  세요: ["이세요", "세요"],
  이죠: ["이죠", "죠"],
  죠: ["이죠", "죠"],
  이니: ["이니", "니"],
  니: ["이니", "니"],
  이나: ["이나", "나"],
  나: ["이나", "나"],
};

const OTHERS = ["에", "에서", "에게", "한테", "도", "만", "의", "까지", "부터", "하고", "입니다", "입니까", "에요", "에서요", "도요", "만요", "까지요", "하고요", "은요", "는요", "이랑요", "에게요", "한테요", "이었어요", "였어요"];

/** Every suffix, longest first so 에서 wins over 에. */
export const NOUN_SUFFIXES: readonly string[] = [...new Set([...Object.keys(PAIRS), ...OTHERS])].sort((a, b) => b.length - a.length);

const SUFFIX_SET = new Set(NOUN_SUFFIXES);

export function isNounSuffix(text: string): boolean {
  return text === "" || SUFFIX_SET.has(text);
}

/** The copula and the polite marker: they make a noun a polite one-word answer (서울이요, 두 개예요). */
const POLITE_ENDINGS = new Set(["이에요", "예요", "이예요", "입니다", "입니까", "이요", "요", "으로요", "로요", "에요", "에서요", "도요", "만요", "까지요", "하고요", "은요", "는요", "이랑요", "에게요", "한테요", "이세요", "세요", "이었어요", "였어요", "이죠", "죠", "ㅂ니다", "ㅂ니까"]);
const CASUAL_COPULA = new Set(["이야", "야", "이다", "이니", "니"]);
const COPULA = new Set(["이에요", "예요", "이예요", "입니다", "입니까", "이야", "야", "이다", "이니", "니", "에요", "이죠", "죠", "ㅂ니다", "ㅂ니까"]);

export function endsPolitely(suffix: string): boolean {
  return POLITE_ENDINGS.has(suffix);
}

export function isCasualCopula(suffix: string): boolean {
  return CASUAL_COPULA.has(suffix);
}

export function isCopula(suffix: string): boolean {
  return COPULA.has(suffix);
}

/** The case particle inside a suffix: 로요 -> 로, 에서요 -> 에서, 요 -> "". */
export function caseOf(suffix: string): string {
  if (COPULA.has(suffix) || suffix === "요" || suffix === "이요") return "";
  return suffix.replace(/요$/u, "");
}

/** The member of the suffix's pair that `noun` takes, or undefined when the suffix has no pair. */
export function rightForm(noun: string, suffix: string): string | undefined {
  const pair = PAIRS[suffix];
  if (!pair) return undefined;
  const final = finalOf(noun);
  const vowelLike = final <= 0 || (final === JONG.rieul && (suffix.startsWith("으로") || suffix.startsWith("로")));
  return vowelLike ? pair[1] : pair[0];
}

/** The suffix `particle` (a case particle, or "" for none) in the form `noun` takes. */
export function formFor(noun: string, particle: string): string {
  return rightForm(noun, particle) ?? particle;
}

/** "Polite one-word answer" ending for a noun phrase: 카드 -> 요, 현금 -> 이요, 카드로 -> 요. */
export function politeMarkerFor(noun: string, particle: string): string {
  return particle === "" ? formFor(noun, "요") : "요";
}
