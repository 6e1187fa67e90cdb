import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import type { Catalog } from "../../domain/catalog.ts";
import { evaluateAnswer } from "../../domain/evaluator/evaluateAnswer.ts";
import { labelledAnswerSchema, reportOn, scoreSet } from "../../domain/evaluator/labelledSet.ts";
import { normalizeText } from "../../domain/evaluator/normalize.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(CONTENT_DIR);
});

async function readSet(name: string) {
  const text = await readFile(`tests/fixtures/${name}`, "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => labelledAnswerSchema.parse(JSON.parse(line)));
}

function judge(activityId: string, text: string) {
  const entry = catalog.activity(activityId)!;
  return evaluateAnswer(entry.lesson, entry.activity, { text });
}

describe("the evaluator on labelled learner answers", () => {
  // Both sets were written from the grading policy (docs/EVALUATOR.md) by authors who did
  // not see the evaluator; the held-out set was written after the evaluator was finished.
  it.each(["evaluator-labelled.jsonl", "evaluator-heldout.jsonl"])("agrees with %s on verdict and error type", async (file) => {
    const items = await readSet(file);
    expect(items.length).toBeGreaterThanOrEqual(150);
    const report = reportOn(scoreSet(catalog, items));
    const misses = report.mismatches.map((m) => `${m.item.activityId} "${m.item.text}" -> ${m.verdict.pass}/${m.verdict.errorType}`);
    expect(report.passAccuracy, misses.join("\n")).toBeGreaterThanOrEqual(0.97);
    expect(report.errorTypeAccuracy, misses.join("\n")).toBeGreaterThanOrEqual(0.95);
    expect(report.errorDetection.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.errorDetection.recall).toBeGreaterThanOrEqual(0.95);
    for (const type of ["particle", "formality", "counter", "vocabulary", "grammar", "spelling", "other"] as const) {
      expect(report.perErrorType[type]?.support, type).toBeGreaterThan(0);
    }
  });

  it("is unsure (confidence below 0.8, so the LLM is asked) about answers a teacher could argue over", async () => {
    const text = await readFile("tests/fixtures/evaluator-ambiguous.jsonl", "utf8");
    const items = text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as { activityId: string; text: string });
    for (const item of items) expect(judge(item.activityId, item.text).confidence, item.text).toBeLessThan(0.8);
  });

  it("is sure (confidence at least 0.8) about exact answers and the errors its rules know", () => {
    expect(judge("cafe.order", "아메리카노 한 잔 주세요").confidence).toBeGreaterThanOrEqual(0.8);
    expect(judge("cafe.order", "아메리카노 일 잔 주세요").confidence).toBeGreaterThanOrEqual(0.8);
    expect(judge("airport.destination", "서울으로 가요").confidence).toBeGreaterThanOrEqual(0.8);
  });
});

describe("normalisation", () => {
  it("ignores spacing, punctuation, case and Unicode form", () => {
    expect(normalizeText("  아메리카노 한잔,  주세요!!! ").compact).toBe("아메리카노한잔주세요");
    expect(normalizeText("안녕하세요".normalize("NFD")).text).toBe("안녕하세요");
  });

  it("reads digits before counters as native numbers and other digits as Sino-Korean", () => {
    expect(normalizeText("아메리카노 2잔 주세요").text).toBe("아메리카노 두 잔 주세요");
    expect(normalizeText("20개").text).toBe("스무 개");
    expect(normalizeText("3번 탑승구").text).toBe("삼번 탑승구");
  });

  it("re-spaces run-together answers the way the references are spaced", () => {
    expect(judge("airport.seat", "창가자리로주세요").normalized).toBe("창가 자리로 주세요");
    expect(judge("cafe.order", "아메리카노한잔주세요").pass).toBe(true);
  });
});

describe("verdicts", () => {
  it("points at the mistake, explains it and proposes one minimal correction", () => {
    const verdict = judge("airport.gate", "탑승구이 어디예요?");
    expect(verdict).toMatchObject({ pass: true, errorType: "particle", correction: "탑승구가 어디예요" });
    expect(verdict.errors).toEqual([
      expect.objectContaining({ type: "particle", messageKey: "particle.batchim", found: "탑승구이", expected: "탑승구가", span: { start: 0, end: 4 } }),
    ]);
  });

  it("applies the ㄹ rule of (으)로", () => {
    expect(judge("airport.destination", "서울로 가요").errorType).toBe("none");
    expect(judge("airport.destination", "서울으로 가요")).toMatchObject({ errorType: "particle", correction: "서울로 가요" });
    expect(judge("airport.destination", "부산로 가요")).toMatchObject({ errorType: "particle", correction: "부산으로 가요" });
  });

  it("tells Sino-Korean and full native numbers apart before a counter", () => {
    expect(judge("airport.baggage", "가방 이 개예요")).toMatchObject({ pass: false, errorType: "counter", correction: "가방 두 개예요" });
    expect(judge("airport.baggage", "가방 둘 개예요").errors[0]).toMatchObject({ messageKey: "counter.full_form", expected: "두" });
  });

  it("catches 반말 and honouring oneself", () => {
    expect(judge("cafe.order", "아메리카노 한 잔 줘")).toMatchObject({ pass: false, errorType: "formality", correction: "아메리카노 한 잔 주세요" });
    expect(judge("airport.destination", "저는 서울에 가세요")).toMatchObject({ pass: false, errorType: "formality", correction: "저는 서울에 가요" });
    expect(judge("cafe.order", "아메리카노 한 잔 주세요").errorType).toBe("none");
  });

  it("scores repeats by jamo similarity", () => {
    expect(judge("cafe.thanks", "감사 합니다")).toMatchObject({ pass: true, score: 100, errorType: "none" });
    expect(judge("cafe.thanks", "감사함니다")).toMatchObject({ pass: true, errorType: "spelling" });
    expect(judge("cafe.thanks", "고마워요")).toMatchObject({ pass: false, errorType: "vocabulary" });
  });

  it("answers a choice by index or by its text", () => {
    const entry = catalog.activity("cafe.temperature")!;
    expect(evaluateAnswer(entry.lesson, entry.activity, { choice: 0 })).toMatchObject({ pass: true, score: 100 });
    expect(evaluateAnswer(entry.lesson, entry.activity, { choice: 2 })).toMatchObject({ pass: false, errorType: "formality" });
    expect(evaluateAnswer(entry.lesson, entry.activity, { choice: 9 })).toMatchObject({ pass: false, errorType: "other" });
  });
});
