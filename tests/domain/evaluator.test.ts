import { readdir, readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import type { Catalog } from "../../domain/catalog.ts";
import { evaluateAnswer } from "../../domain/evaluator/evaluateAnswer.ts";
import { parseLabelledLines, reportOn, type Scored } from "../../domain/evaluator/labelledSet.ts";
import { buildLexicon, lexiconFileSchema, type Lexicon } from "../../domain/evaluator/lexicon.ts";
import { composeFeedback } from "../../domain/feedback/composeFeedback.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";
import { loadLexicon } from "../../services/content/loadLexicon.ts";

const SETS = "tests/fixtures/teacher";
const THRESHOLD = 0.8;
let catalog: Catalog;
let lexicon: Lexicon;
beforeAll(async () => {
  [catalog, lexicon] = await Promise.all([loadCatalog(CONTENT_DIR), loadLexicon(CONTENT_DIR)]);
});

function judge(activityId: string, text: string, spoken = false) {
  const entry = catalog.activity(activityId);
  if (!entry) throw new Error(`no activity ${activityId}`);
  return evaluateAnswer(entry.activity, { text, spoken }, lexicon);
}

async function scoredSet(file: string): Promise<Scored[]> {
  const items = parseLabelledLines(await readFile(`${SETS}/${file}`, "utf8"));
  return items.map((item) => {
    const verdict = judge(item.activityId, item.text, item.source === "spoken");
    const correctionVerdict = !verdict.pass && verdict.correction ? judge(item.activityId, verdict.correction) : undefined;
    return { item, verdict, correctionVerdict, elapsedMs: 0 };
  });
}

/** The development sets; the held-out set is reported once, by `npm run evaluator:report -- --heldout`. */
const developmentSets = (await readdir(SETS)).filter((f) => f.endsWith(".jsonl") && !f.startsWith("heldout")).sort();

describe("the evaluator on answers teachers labelled under the policy", () => {
  it.each(developmentSets)("meets the targets on %s", async (file) => {
    const scored = await scoredSet(file);
    expect(scored.length).toBeGreaterThanOrEqual(150);
    const report = reportOn(scored, THRESHOLD);
    const shown = report.mismatches.map((m) => `${m.item.activityId} "${m.item.text}" -> ${m.verdict.pass}/${m.verdict.errorType}`).join("\n");
    expect(report.agreement, shown).toBeGreaterThanOrEqual(0.95);
    expect(report.falseAlarms, shown).toBeLessThanOrEqual(0.03);
    expect(report.errorTypeAgreement, shown).toBeGreaterThanOrEqual(0.9);
    expect(report.wrongAndSure, shown).toBeLessThanOrEqual(0.03);
    expect(report.passedWithError).toBe(0);
  });

  it.each(developmentSets)("gives corrections that pass their own evaluation and keep the answer's language clean (%s)", async (file) => {
    for (const { item, verdict, correctionVerdict } of await scoredSet(file)) {
      if (verdict.pass) {
        expect(verdict.errors, item.text).toEqual([]);
        continue;
      }
      expect(verdict.correction, item.text).toBeTruthy();
      expect(correctionVerdict?.pass, `${item.text} -> ${verdict.correction}`).toBe(true);
      expect(verdict.correction, item.text).not.toBe(item.text);
      const feedback = composeFeedback(verdict, catalog.pack(item.lang), { outcome: "retry", answer: "" });
      for (const praise of catalog.pack(item.lang).praise) expect(feedback, `${item.text}: ${feedback}`).not.toContain(praise);
    }
  });
});

describe("judging in the open world", () => {
  it("accepts drinks, cities and items that no lesson lists, and the spelling 라떼", () => {
    for (const [activity, text] of [
      ["cafe.order", "바닐라 라떼 한 잔 주세요"],
      ["cafe.order", "자몽에이드 두 잔 주세요"],
      ["airport.destination", "호치민에 가요"],
      ["airport.destination", "족자카르타로 가요"],
      ["airport.destination", "서울 가요"],
      ["airport.destination", "발리에 가려고 해요"],
      ["cafe.order", "유자차 한 잔 주실 수 있어요?"],
      ["cafe.order", "혹시 라떼 두 잔 돼요?"],
      ["airport.gate", "게이트까지 어떻게 가요?"],
      ["airport.baggage", "캐리어 하나예요"],
      ["airport.baggage", "없어요"],
      ["cafe.pay", "애플페이로 할게요"],
      ["cafe.pay", "카드 결제할게요"],
    ] as const) {
      expect(judge(activity, text).pass, text).toBe(true);
    }
  });

  it("fails each kind of clear error with its error type", () => {
    for (const [activity, text, type] of [
      ["cafe.pay", "카드으로 할게요", "particle"],
      ["cafe.pay", "현금로 낼게요", "particle"],
      ["airport.baggage", "가방 두 개이에요", "particle"],
      ["airport.destination", "서울에서 가요", "particle"],
      ["airport.gate", "탑승구를 어디예요?", "particle"],
      ["cafe.order", "녹차 라테가 한 잔 주세요", "particle"],
      ["cafe.order", "아메리카노 한 잔 줘", "formality"],
      ["airport.gate", "탑승구 어디야?", "formality"],
      ["cafe.pay", "카드로 계산하다", "formality"],
      ["airport.greet", "네, 여기 있으세요", "formality"],
      ["airport.destination", "서울에 가세요", "formality"],
      ["cafe.order", "아메리카노 한 잔 드릴게요", "grammar"],
      ["cafe.order", "아메리카노 일 잔 주세요", "counter"],
      ["cafe.order", "아메리카노 하나 잔 주세요", "counter"],
      ["airport.baggage", "가방 두 잔이에요", "counter"],
      ["cafe.greet", "안녕히 계세요", "vocabulary"],
      ["airport.destination", "서울에 와요", "vocabulary"],
      ["cafe.order", "한 잔 아메리카노 주세요", "vocabulary"],
      ["cafe.greet", "안녕하새요", "spelling"],
      ["airport.greet", "네, 여기 이써요", "spelling"],
      ["cafe.thanks", "감사함니다", "spelling"],
      ["cafe.greet", "hello", "other"],
      ["airport.destination", "하노이를 가요", "particle"],
      ["airport.destination", "여행을 가요", "vocabulary"],
      ["airport.baggage", "가방 두 개이예요", "particle"],
      ["airport.gate", "게이트가 어디세요?", "formality"],
      ["cafe.order", "잔 두 라떼 주세요", "vocabulary"],
      ["airport.greet", "여기에서 있습니다", "particle"],
      ["airport.destination", "부산에 돌아와요", "vocabulary"],
      ["cafe.pay", "현금으로 갈게요", "vocabulary"],
      ["airport.seat", "창고 쪽으로 주세요", "vocabulary"],
    ] as const) {
      const verdict = judge(activity, text);
      expect(verdict.pass, text).toBe(false);
      expect(verdict.errorType, text).toBe(type);
    }
  });

  it("keeps the learner's own content in the correction", () => {
    expect(judge("cafe.order", "바닐라 라떼 일 잔 주세요").correction).toBe("바닐라 라떼 한 잔 주세요");
    expect(judge("airport.destination", "호치민에서 가요").correction).toBe("호치민에 가요");
    expect(judge("cafe.pay", "카드으로 할게요").correction).toBe("카드로 할게요");
  });

  it("puts what is missing where it belongs in the learner's own sentence", () => {
    for (const [activity, text, correction] of [
      ["cafe.pay", "계산할게요", "카드로 계산할게요"],
      ["cafe.order", "한 잔 주세요", "아메리카노 한 잔 주세요"],
      ["airport.seat", "자리 주세요", "창가 자리 주세요"],
      ["airport.baggage", "가방이 있어요", "가방이 한 개 있어요"],
      ["airport.gate", "화장실이 어디예요?", "탑승구가 어디예요"],
      ["cafe.greet", "네", "네 안녕하세요"],
      ["cafe.order", "녹차 라떼 두 잔 주실게요", "녹차 라떼 두 잔 주세요"],
      ["cafe.pay", "현금으로 하세요", "현금으로 할게요"],
      ["airport.destination", "방콕에 돌아와요", "방콕에 돌아가요"],
      ["airport.seat", "창고 쪽으로 주세요", "창가 쪽으로 주세요"],
    ] as const) {
      expect(judge(activity, text).correction, text).toBe(correction);
    }
  });

  it("ignores fillers, hesitation repeats and the recognizer's digits in spoken answers", () => {
    for (const [activity, text] of [
      ["cafe.pay", "음 카드 카드로 할게요"],
      ["cafe.order", "어 아메 아메리카노 2잔 주세요"],
      ["airport.thanks", "네 감사 합니다"],
    ] as const) {
      expect(judge(activity, text, true).pass, text).toBe(true);
    }
  });

  it("is unsure, rather than wrong with confidence, about a noun it does not know", () => {
    const verdict = judge("airport.destination", "칸다하르에 가요");
    expect(verdict.pass).toBe(true);
    expect(verdict.confidence).toBeLessThan(THRESHOLD);
  });
});

describe("the lexicon file", () => {
  it("refuses a malformed file with the path of the problem", () => {
    const parsed = lexiconFileSchema.safeParse({ nouns: { drink: ["coffee"] }, verbs: [{ lemma: "주", meaning: "give" }], expressions: {}, fillers: [] });
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((issue) => issue.path.join(".")) ?? [];
    expect(paths).toContain("nouns.drink.0");
    expect(paths).toContain("verbs.0.lemma");
  });

  it("derives every form of a verb from its dictionary form", () => {
    const small = buildLexicon(lexiconFileSchema.parse({ nouns: {}, verbs: [{ lemma: "가다", meaning: "go" }], expressions: {}, fillers: [] }));
    expect(small.verbs.get("갑니다")?.level).toBe("formal");
    expect(small.verbs.get("간다")?.level).toBe("plain");
    expect(small.verbs.get("가세요")).toMatchObject({ honorific: true, plain: "가요" });
    expect(small.verbs.get("갈게요")?.mood).toBe("intent");
  });
});
