import { describe, expect, it } from "vitest";
import type { LlmJudgement } from "../../domain/ai/evaluationPrompt.ts";
import { mergeVerdicts } from "../../domain/ai/mergeVerdicts.ts";
import { evaluateAnswer } from "../../domain/evaluator/evaluateAnswer.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";
import { loadLexicon } from "../../services/content/loadLexicon.ts";

const catalog = await loadCatalog(CONTENT_DIR);
const lexicon = await loadLexicon(CONTENT_DIR);

function rulesFor(activityId: string, text: string) {
  const entry = catalog.activity(activityId)!;
  return evaluateAnswer(entry.activity, { text }, lexicon);
}

const judgement = (overrides: Partial<LlmJudgement>): LlmJudgement => ({
  score: 90,
  pass: true,
  errorType: "none",
  errors: [],
  correction: null,
  feedback: "Good.",
  ...overrides,
});

describe("merging the LLM's opinion into the rule verdict", () => {
  it("lets the LLM pass an answer the rules could not vouch for", () => {
    const rules = rulesFor("airport.greet", "여기 주세요");
    expect(rules.pass).toBe(false);
    const merged = mergeVerdicts(rules, judgement({ feedback: "Natural and polite!" }));
    expect(merged.verdict).toMatchObject({ pass: true, errorType: "none", score: 90 });
    expect(merged.feedback).toBe("Natural and polite!");
  });

  it("keeps the rules' certain final-consonant findings even when the LLM misses them", () => {
    const rules = rulesFor("airport.seat", "비상구 자리으로 주세요");
    const merged = mergeVerdicts(rules, judgement({ correction: "비상구 자리으로 주세요" }));
    expect(merged.verdict.errorType).toBe("particle");
    expect(merged.verdict.pass).toBe(false);
    expect(merged.verdict.errors).toEqual([expect.objectContaining({ messageKey: "particle.form", expected: "비상구 자리로" })]);
    expect(merged.verdict.correction).toBe("비상구 자리로 주세요");
    expect(merged.unmentioned).toHaveLength(1);
  });

  it("does not report a certain finding twice when the LLM also found it", () => {
    const rules = rulesFor("airport.seat", "비상구 자리으로 주세요");
    const merged = mergeVerdicts(
      rules,
      judgement({ errorType: "particle", errors: [{ type: "particle", found: "비상구 자리으로", expected: "비상구 자리로", explanation: "x" }], correction: "비상구 자리로 주세요" }),
    );
    expect(merged.verdict.errors).toHaveLength(1);
    expect(merged.unmentioned).toHaveLength(0);
  });

  it("replaces a correction that rewrites the answer with the rules' minimal one", () => {
    const rules = rulesFor("cafe.order", "아아 한 잔 주새요");
    const merged = mergeVerdicts(
      rules,
      judgement({ pass: true, errorType: "spelling", correction: "시원한 아이스 아메리카노를 한 잔만 부탁드려도 될까요" }),
    );
    expect(merged.verdict.correction).toBe(rules.correction);
  });
});
