import { beforeAll, describe, expect, it } from "vitest";
import type { Catalog } from "../../domain/catalog.ts";
import { evaluateAnswer } from "../../domain/evaluator/evaluateAnswer.ts";
import type { Lexicon } from "../../domain/evaluator/lexicon.ts";
import { composeFeedback } from "../../domain/feedback/composeFeedback.ts";
import { LEARNER_LANGS, type LearnerLang } from "../../domain/learners/learner.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";
import { loadLexicon } from "../../services/content/loadLexicon.ts";

let catalog: Catalog;
let lexicon: Lexicon;
beforeAll(async () => {
  [catalog, lexicon] = await Promise.all([loadCatalog(CONTENT_DIR), loadLexicon(CONTENT_DIR)]);
});

function feedbackFor(activityId: string, text: string, lang: LearnerLang, outcome: "retry" | "advance" = "retry") {
  const verdict = evaluateAnswer(catalog.activity(activityId)!.activity, { text }, lexicon);
  return { verdict, text: composeFeedback(verdict, catalog.pack(lang), { outcome, answer: "" }) };
}

describe("what the tutor says about an answer", () => {
  it.each(LEARNER_LANGS)("names the learner's form and the right one, without praise (%s)", (lang) => {
    const { verdict, text } = feedbackFor("cafe.pay", "카드으로 할게요", lang);
    expect(verdict.pass).toBe(false);
    expect(text).toContain("카드으로");
    expect(text).toContain("카드로");
    for (const praise of catalog.pack(lang).praise) expect(text).not.toContain(praise);
  });

  it.each(LEARNER_LANGS)("praises a clean answer and nothing else (%s)", (lang) => {
    const { text } = feedbackFor("cafe.pay", "카드로 할게요", lang, "advance");
    expect(catalog.pack(lang).praise).toContain(text);
  });

  it.each(["id", "vi"] as const)("gives the -(으)시- tip for an honorific mistake only (%s)", (lang) => {
    const honorificTip = catalog.pack(lang).l1Notes.find((note) => note.keys?.includes("honorific.self"))!.tip;
    expect(feedbackFor("airport.destination", "서울에 가세요", lang).text).toContain(honorificTip);
    expect(feedbackFor("cafe.order", "아메리카노 한 잔 줘", lang).text).not.toContain(honorificTip);
    expect(feedbackFor("cafe.pay", "카드으로 할게요", lang).text).not.toContain(honorificTip);
  });

  it("explains a destination particle with the destination rule, not the payment one", () => {
    const { text } = feedbackFor("airport.destination", "호치민에서 가요", "en");
    expect(text).toContain("호치민에서");
    expect(text).toContain("호치민에");
    expect(text).toMatch(/where you are going/);
  });
});
