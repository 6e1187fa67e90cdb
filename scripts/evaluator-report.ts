// Evaluator quality and speed on the labelled set: `npm run evaluator:report`.
// Prints precision/recall (docs/EVALUATOR.md quotes it) and per-verdict latency p50/p95.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { labelledAnswerSchema, reportOn, scoreSet } from "../domain/evaluator/labelledSet.ts";
import { CONTENT_DIR } from "../services/content/contentDir.ts";
import { loadCatalog } from "../services/content/loadCatalog.ts";

const { values } = parseArgs({
  options: { file: { type: "string", default: "tests/fixtures/evaluator-labelled.jsonl" }, rounds: { type: "string", default: "50" } },
});
const catalog = await loadCatalog(CONTENT_DIR);
const items = (await readFile(values.file, "utf8"))
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => labelledAnswerSchema.parse(JSON.parse(line)));

const report = reportOn(scoreSet(catalog, items));
console.log(`answers: ${report.answers}`);
console.log(`pass/fail agreement: ${report.passAccuracy}`);
console.log(`error-type agreement: ${report.errorTypeAccuracy}`);
console.log(`error detection: precision ${report.errorDetection.precision}, recall ${report.errorDetection.recall} (${report.errorDetection.support} answers with errors)`);
console.log(`fail detection: precision ${report.failDetection.precision}, recall ${report.failDetection.recall} (${report.failDetection.support} failing answers)`);
for (const [type, stats] of Object.entries(report.perErrorType)) {
  console.log(`  ${type.padEnd(12)} precision ${stats.precision.toFixed(3)}  recall ${stats.recall.toFixed(3)}  (n=${stats.support})`);
}
for (const miss of report.mismatches) {
  console.log(
    `  MISMATCH ${miss.item.activityId} "${miss.item.text}": expected ${miss.item.expected.pass ? "pass" : "fail"}/${miss.item.expected.errorType}, got ${miss.verdict.pass ? "pass" : "fail"}/${miss.verdict.errorType} (${miss.verdict.normalized})`,
  );
}

// Speed: every answer, many rounds (the first round warms the JIT and is discarded).
const rounds = Number(values.rounds);
scoreSet(catalog, items);
const times = Array.from({ length: rounds }, () => scoreSet(catalog, items).map((s) => s.elapsedMs)).flat().sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
console.log(`latency per verdict over ${times.length} verdicts: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms, max ${times.at(-1)!.toFixed(3)} ms`);
