// Checks a lesson against a set of answers: `npm run evaluate -- --file answers.jsonl`.
// Input lines: { "activityId", "text", "lang" } (or "choice": index). Output: one verdict
// JSON per line, in the same order, with the feedback the learner would read.
import { createReadStream } from "node:fs";
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { z } from "zod";
import { evaluateAnswer } from "../domain/evaluator/evaluateAnswer.ts";
import { composeFeedback } from "../domain/feedback/composeFeedback.ts";
import { learnerLangSchema } from "../domain/learners/learner.ts";
import { modelAnswer } from "../domain/lessons/lesson.ts";
import { CONTENT_DIR } from "../services/content/contentDir.ts";
import { loadCatalog } from "../services/content/loadCatalog.ts";
import { loadLexicon } from "../services/content/loadLexicon.ts";

const line = z.object({
  activityId: z.string(),
  text: z.string().optional(),
  choice: z.number().int().optional(),
  lang: learnerLangSchema.default("en"),
});

const { values } = parseArgs({ options: { file: { type: "string" }, content: { type: "string" } } });
const contentDir = values.content ?? CONTENT_DIR;
const [catalog, lexicon] = await Promise.all([loadCatalog(contentDir), loadLexicon(contentDir)]);
const input = values.file ? createReadStream(values.file, "utf8") : process.stdin;
let lineNumber = 0;
let failures = 0;
for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
  lineNumber += 1;
  if (raw.trim() === "") continue;
  let parsed;
  try {
    parsed = line.parse(JSON.parse(raw));
  } catch (error) {
    failures += 1;
    console.log(JSON.stringify({ line: lineNumber, error: `invalid input line: ${(error as Error).message.split("\n")[0]}` }));
    continue;
  }
  const entry = catalog.activity(parsed.activityId);
  if (!entry) {
    failures += 1;
    console.log(JSON.stringify({ line: lineNumber, error: `unknown activity "${parsed.activityId}"` }));
    continue;
  }
  const answer = parsed.choice !== undefined ? { choice: parsed.choice } : { text: parsed.text ?? "" };
  const verdict = evaluateAnswer(entry.activity, answer, lexicon);
  // As on a learner's first attempt: a miss is told what to fix, not shown the answer.
  const outcome = verdict.pass ? "advance" : "retry";
  const feedback = composeFeedback(verdict, catalog.pack(parsed.lang), { outcome, answer: modelAnswer(entry.activity) });
  console.log(JSON.stringify({ activityId: parsed.activityId, text: parsed.text, lang: parsed.lang, ...verdict, feedback }));
}
process.exitCode = failures > 0 ? 1 : 0;
