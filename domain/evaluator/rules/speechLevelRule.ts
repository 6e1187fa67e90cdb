import { hasBatchim } from "es-hangul";
import { numberWord } from "../numbers.ts";
import { splitNounParticle } from "../particles.ts";
import type { RawFinding, RuleContext } from "./context.ts";

/**
 * Speech level, read from how the answer ends. To staff, a learner speaks 해요체 (-요) or
 * 합니다체 (-ㅂ니다/-ㅂ니까); 반말 (줘, 가, 있어) or a bare noun phrase is too casual.
 */

const FORMAL_ENDING = /(니다|니까|십시오)$/u;
const POLITE_ENDING = /(요|죠)$/u;

/** Casual forms learners use, with the polite form a tutor would suggest. */
const CASUAL_FORMS: Record<string, string> = {
  줘: "주세요",
  주라: "주세요",
  줘라: "주세요",
  해줘: "해 주세요",
  줄래: "주실래요",
  가: "가요",
  간다: "가요",
  가다: "가요",
  와: "와요",
  있어: "있어요",
  있다: "있어요",
  없어: "없어요",
  할게: "할게요",
  할래: "할게요",
  한다: "해요",
  해: "해요",
  해라: "하세요",
  안녕: "안녕하세요",
  고마워: "고마워요",
  고맙다: "고맙습니다",
  감사: "감사합니다",
  응: "네",
  어: "네",
  야: "예요",
  이야: "이에요",
  뭐야: "뭐예요",
  어디야: "어디예요",
  어딨어: "어디 있어요",
  어디있어: "어디 있어요",
};

/** Endings of casual verb forms: -어/-아, -게, -지, -래, -냐, -니, plain -다. */
const CASUAL_ENDING = /(어|아|워|와|해|줘|게|지|래|자|냐|니|다)$/u;

function isNounPhrase(token: string, context: RuleContext): boolean {
  if (numberWord(token) || context.vocabulary.nouns.includes(token)) return true;
  const split = splitNounParticle(token, context.vocabulary.nouns);
  return split !== undefined && split.particle === "";
}

function casualEnding(token: string, context: RuleContext): { expected: string; key: string; sure: boolean } | undefined {
  const known = CASUAL_FORMS[token];
  if (known) return { expected: known, key: "formality.banmal", sure: true };
  const copula = /^(.+?)(이)?야$/u.exec(token);
  if (copula && context.vocabulary.nouns.includes(copula[1]!)) {
    return { expected: copula[1]! + (hasBatchim(copula[1]!) ? "이에요" : "예요"), key: "formality.banmal", sure: true };
  }
  if (isNounPhrase(token, context)) {
    return { expected: token + (hasBatchim(token) ? "이요" : "요"), key: "formality.fragment", sure: true };
  }
  if (CASUAL_ENDING.test(token)) return { expected: `${token}요`, key: "formality.banmal", sure: false };
  return undefined;
}

export function speechLevelRule(context: RuleContext): RawFinding[] {
  const { politeness } = context.activity;
  const last = context.tokens.length - 1;
  const final = context.tokens[last];
  if (politeness === "any" || final === undefined) return [];
  if (FORMAL_ENDING.test(final)) return [];
  if (POLITE_ENDING.test(final)) {
    if (politeness !== "formal") return [];
    return [{ type: "formality", messageKey: "formality.needs_formal", token: last, found: final, expected: final, blocking: true, sure: false }];
  }
  const casual = casualEnding(final, context);
  if (!casual) return [];
  return [
    { type: "formality", messageKey: casual.key, token: last, found: final, expected: casual.expected, blocking: true, sure: casual.sure },
  ];
}
