import type { RawFinding, RuleContext } from "./context.ts";

/**
 * The honorific -(으)시- raises the person who acts. Asked "어디로 가세요?", learners echo
 * 가세요 about themselves; a learner never honours their own actions.
 */

const HONORIFIC_TO_PLAIN: Record<string, string> = {
  가세요: "가요",
  가십니다: "갑니다",
  가실게요: "갈게요",
  가시겠어요: "갈게요",
  하세요: "해요",
  하십니다: "합니다",
  하실게요: "할게요",
  하시겠어요: "할게요",
  하시겠습니다: "하겠습니다",
  계산하실게요: "계산할게요",
  결제하실게요: "결제할게요",
  결제하세요: "결제해요",
  계산하세요: "계산해요",
  있으세요: "있어요",
  오세요: "와요",
  드세요: "먹어요",
};

/** Requests honour the listener's action (주세요: "please give"), which is right. */
const REQUEST = /^주(세요|시겠어요|십시오|실래요)$/u;
const HONORIFIC = /(으?세요|으?십니다|으?실게요|으?시겠어요|으?시겠습니다)$/u;

export function selfHonorificRule(context: RuleContext): RawFinding[] {
  if (!context.activity.selfReference) return [];
  return context.tokens.flatMap((token, index) => {
    if (REQUEST.test(token) || !HONORIFIC.test(token)) return [];
    const expected = HONORIFIC_TO_PLAIN[token];
    return [
      {
        type: "formality" as const,
        messageKey: "formality.self_honorific",
        token: index,
        found: token,
        expected: expected ?? token,
        blocking: true,
        sure: expected !== undefined,
      },
    ];
  });
}
