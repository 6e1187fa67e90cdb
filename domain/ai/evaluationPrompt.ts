import { z } from "zod";
import type { Verdict } from "../evaluator/verdict.ts";
import type { LanguagePack } from "../feedback/languagePack.ts";
import type { LearnerLang } from "../learners/learner.ts";
import type { Activity, Lesson } from "../lessons/lesson.ts";
import { ERROR_TYPES } from "../lessons/lesson.ts";

/**
 * What the LLM is asked when the rules are unsure, and the shape its answer must have.
 * The prompt carries the activity, its accepted answers and required content, the rule
 * findings, and what learners of this L1 typically get wrong; it asks for a minimal edit,
 * because LLMs like to rewrite answers that only needed one particle fixed.
 */

export const llmJudgementSchema = z
  .object({
    score: z.number().int().min(0).max(100),
    pass: z.boolean(),
    errorType: z.enum(ERROR_TYPES),
    errors: z
      .array(
        z.object({
          type: z.enum(ERROR_TYPES).exclude(["none"]),
          found: z.string().max(200),
          expected: z.string().max(200),
          explanation: z.string().max(400),
        }),
      )
      .max(5),
    correction: z.string().max(300).nullable(),
    feedback: z.string().min(1).max(600),
  })
  .refine((j) => j.pass || j.errorType !== "none", "a failed answer needs an error type");
export type LlmJudgement = z.infer<typeof llmJudgementSchema>;

/** The same shape as JSON Schema, for the provider's structured-output mode. */
export const LLM_JUDGEMENT_JSON_SCHEMA = {
  type: "object",
  properties: {
    score: { type: "integer", minimum: 0, maximum: 100 },
    pass: { type: "boolean" },
    errorType: { type: "string", enum: [...ERROR_TYPES] },
    errors: {
      type: "array",
      maxItems: 5,
      items: {
        type: "object",
        properties: {
          type: { type: "string", enum: ERROR_TYPES.filter((t) => t !== "none") },
          found: { type: "string" },
          expected: { type: "string" },
          explanation: { type: "string" },
        },
        required: ["type", "found", "expected", "explanation"],
      },
    },
    correction: { type: ["string", "null"] },
    feedback: { type: "string" },
  },
  required: ["score", "pass", "errorType", "errors", "correction", "feedback"],
} as const;

export interface EvaluationPrompt {
  system: string;
  user: string;
}

const LANGUAGE_NAMES = { en: "English", id: "Indonesian", vi: "Vietnamese" } as const satisfies Record<LearnerLang, string>;

function activityFacts(activity: Activity): string[] {
  const lines = [`Activity ${activity.id} (${activity.kind}): the tutor says "${activity.tutor.text}" (${activity.tutor.translations.en}).`];
  lines.push(`Task: ${activity.task.en}`);
  if (activity.kind === "fill") lines.push(`The learner completes the sentence "${activity.sentence}" (___ is the gap); the answer below is the whole sentence.`);
  if (activity.kind === "dialogue" || activity.kind === "fill") {
    lines.push(`Accepted answers: ${activity.answers.map((a) => `"${a}"`).join(", ")}.`);
    lines.push(`Required politeness: ${activity.politeness === "polite" ? "해요체 or 합니다체 (speaking to staff)" : activity.politeness}.`);
    for (const slot of activity.slots) {
      const content = slot.counter ? `a native Korean number with the counter ${slot.counter}` : `for example ${slot.words.join(", ")} (any real word of that kind is fine)`;
      lines.push(`Must contain ${slot.label.en}: ${content}.`);
    }
    if (activity.selfReference) lines.push("The learner talks about themselves: no honorific -(으)시- on their own actions.");
  } else if (activity.kind === "repeat") {
    lines.push(`The learner must repeat exactly: "${activity.answers[0]}".`);
  }
  return lines;
}

function ruleFindings(verdict: Verdict): string {
  if (verdict.errors.length === 0) return "The rule-based checker found no error it is sure of.";
  return verdict.errors
    .map((e) => `- ${e.type} (${e.sure ? "certain" : "uncertain"}): "${e.found}" -> "${e.expected}" [${e.messageKey}]`)
    .join("\n");
}

export function buildEvaluationPrompt(lesson: Lesson, activity: Activity, answer: string, verdict: Verdict, pack: LanguagePack): EvaluationPrompt {
  const language = LANGUAGE_NAMES[pack.lang];
  const system = [
    "You are a Korean teacher checking one answer of an A1-A2 learner in a role-play lesson. Apply this policy exactly.",
    "PASS when an A1-A2 teacher would accept the answer as a correct, appropriately polite reply to this staff member that does what the activity asks. FAIL on any clear error; an answer with an error never passes with a correction.",
    "Errors (errorType): wrong particle or particle/copula form for the word's last sound, e.g. 카드으로, 현금로, 개이에요, 카드이요, 서울에서 가요 for a destination (particle); 반말, 응, 해라체 or a dictionary form to staff, e.g. 줘, 할래, 어디야, 간다, 계산하다, or a bare noun with no polite ending (formality); -(으)시- on oneself or on things, or humble/honorific verbs the wrong way round, e.g. 가세요, 여기 있으세요, 어디 계세요, 드릴게요 when asking (formality or grammar); a Sino number, the full form or a wrong or missing counter, e.g. 일 잔, 하나 잔, 두 잔 for bags (counter); missing or wrong content, a goodbye for a greeting, 와요 for 가요, asking instead of answering, a word that does not exist, word order that breaks the meaning such as 한 잔 아메리카노 (vocabulary); a misspelling (spelling); not Korean (other).",
    "Never errors: spacing and punctuation, emoji or ~, digits before a counter (2잔), particles dropped as speech drops them (서울 가요, 카드 결제할게요), the spelling 라떼, a real drink, city, country or item that is not in the lesson's list, natural correct variants (아메리카노 하나 주세요, 가방 하나예요, 없어요 for no bags), fillers and hesitation repeats of speech (음, 어, 카드 카드로).",
    "The correction fixes the main error with the smallest edit, keeps the learner's own content (their drink, number, destination, payment) and is itself correct Korean that passes. If the answer passes, correction is null.",
    `Write "feedback" and every "explanation" in ${language}, in one or two short sentences that name the learner's form and the right one ("instead of X, say Y: why"); quote Korean in Hangul; never praise an answer you correct.`,
    `errorType is the main problem: one of ${ERROR_TYPES.join(", ")} (none when there is no error).`,
    "Answer with JSON only, following the given schema.",
  ].join("\n");
  const notes = pack.l1Notes.map((note) => `- ${note.note}`).join("\n");
  const user = [
    `Lesson: ${lesson.title.en} (${lesson.level}).`,
    ...activityFacts(activity),
    `Learner's first language: ${language}. Typical difficulties:\n${notes}`,
    `Rule-based checker (score ${verdict.score}, ${verdict.pass ? "pass" : "fail"}, confidence ${verdict.confidence}):\n${ruleFindings(verdict)}`,
    `Learner's answer: "${answer}"`,
  ].join("\n\n");
  return { system, user };
}
