// The evaluator measured against teacher-labelled answers: `npm run evaluator:report`.
// For each set: agreement, false alarms, misses, error types, calibration, corrections, latency.
// The held-out set is only read with --heldout (docs/EVALUATOR.md, "Labelled sets").
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { evaluateAnswer } from "../domain/evaluator/evaluateAnswer.ts";
import { parseLabelledLines, reportOn, type Scored } from "../domain/evaluator/labelledSet.ts";
import { CONTENT_DIR } from "../services/content/contentDir.ts";
import { loadCatalog } from "../services/content/loadCatalog.ts";
import { loadLexicon } from "../services/content/loadLexicon.ts";

const { values } = parseArgs({
  options: {
    dir: { type: "string", default: "tests/fixtures/teacher" },
    heldout: { type: "boolean", default: false },
    mismatches: { type: "boolean", default: false },
    threshold: { type: "string", default: "0.8" },
    rounds: { type: "string", default: "20" },
  },
});
const catalog = await loadCatalog(CONTENT_DIR);
const lexicon = await loadLexicon(CONTENT_DIR);
const threshold = Number(values.threshold);
const files = (await readdir(values.dir)).filter((f) => f.endsWith(".jsonl") && f.startsWith("heldout") === values.heldout).sort();

function score(items: ReturnType<typeof parseLabelledLines>): Scored[] {
  return items.map((item) => {
    const entry = catalog.activity(item.activityId);
    if (!entry) throw new Error(`unknown activity ${item.activityId}`);
    const answer = { text: item.text, spoken: item.source === "spoken" };
    const started = performance.now();
    const verdict = evaluateAnswer(entry.activity, answer, lexicon);
    const elapsedMs = performance.now() - started;
    const correctionVerdict = !verdict.pass && verdict.correction ? evaluateAnswer(entry.activity, { text: verdict.correction }, lexicon) : undefined;
    return { item, verdict, correctionVerdict, elapsedMs };
  });
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const all: Scored[] = [];
for (const file of files) {
  const items = parseLabelledLines(await readFile(path.join(values.dir, file), "utf8"));
  const scored = score(items);
  all.push(...scored);
  const r = reportOn(scored, threshold);
  console.log(
    `${file.padEnd(22)} n=${String(r.answers).padStart(4)}  agreement ${pct(r.agreement)}  false alarms ${pct(r.falseAlarms)}  misses ${pct(r.misses)}  ` +
      `error type ${pct(r.errorTypeAgreement)}  wrong&sure ${pct(r.wrongAndSure)}  passed-with-error ${r.passedWithError}  ` +
      `corrections failing ${r.correctionsFailingThemselves}  like teacher ${pct(r.correctionsLikeTeacher)}`,
  );
  if (values.mismatches) {
    for (const m of r.mismatches) {
      console.log(
        `   ${m.item.activityId} [${m.item.source}] "${m.item.text}" teacher ${m.item.expected.pass ? "pass" : `fail/${m.item.expected.errorType}`} ` +
          `got ${m.verdict.pass ? "pass" : `fail/${m.verdict.errorType}`} (${m.verdict.confidence}) ${m.verdict.errors.map((e) => e.messageKey).join(",")} -> ${m.verdict.correction ?? ""}  | ${m.item.note ?? ""}`,
      );
    }
  }
}

// Speed: every answer of every set, several rounds (the first warms the JIT and is discarded).
const items = all.map((s) => s.item);
score(items);
const times = Array.from({ length: Number(values.rounds) }, () => score(items).map((s) => s.elapsedMs)).flat().sort((a, b) => a - b);
const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(3);
console.log(`latency per verdict over ${times.length} verdicts: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms`);
