import { josa } from "es-hangul";

/**
 * Particles and the copula. Several have two forms chosen by whether the word before ends in
 * a consonant (batchim): 은/는, 이/가, 을/를, 과/와, 이랑/랑, 이에요/예요, and (으)로, where a
 * final ㄹ counts as a vowel. es-hangul makes that choice; this file knows which is which.
 */

type JosaPair = Parameters<typeof josa.pick>[1];

/** Each batchim-dependent form, mapped to the pair it belongs to. */
const PAIRS: Record<string, JosaPair> = {
  은: "은/는",
  는: "은/는",
  이: "이/가",
  가: "이/가",
  을: "을/를",
  를: "을/를",
  과: "와/과",
  와: "와/과",
  이랑: "이랑/랑",
  랑: "이랑/랑",
  으로: "으로/로",
  로: "으로/로",
  이에요: "이에요/예요",
  예요: "이에요/예요",
  // A common misspelling of both copula forms.
  이예요: "이에요/예요",
};

const COPULA = new Set(["이에요", "예요", "이예요", "입니다"]);

/** Everything that may follow a noun, longest first so 에서 wins over 에. */
export const PARTICLES: readonly string[] = [
  ...Object.keys(PAIRS),
  "에서",
  "에게",
  "한테",
  "에",
  "도",
  "만",
  "의",
  "부터",
  "까지",
  "입니다",
  "이요",
  "요",
].sort((a, b) => b.length - a.length);

export function isCopula(particle: string): boolean {
  return COPULA.has(particle);
}

/** The form the word needs, when `particle` has a batchim-dependent partner; else undefined. */
export function expectedForm(word: string, particle: string): string | undefined {
  const pair = PAIRS[particle];
  return pair === undefined ? undefined : josa.pick(word, pair);
}

/** The right form of (으)로 (or another pair named by one of its forms) after `word`. */
export function formAfter(word: string, particle: string): string {
  return expectedForm(word, particle) ?? particle;
}

export interface NounParticle {
  noun: string;
  particle: string;
}

/** Splits `token` into a known noun and a particle, preferring the longest noun. */
export function splitNounParticle(token: string, nouns: readonly string[]): NounParticle | undefined {
  for (const noun of nouns) {
    if (!token.startsWith(noun)) continue;
    const rest = token.slice(noun.length);
    if (rest === "") return { noun, particle: "" };
    if (PARTICLES.includes(rest)) return { noun, particle: rest };
  }
  return undefined;
}
