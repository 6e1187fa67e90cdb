import { z } from "zod";
import type { Verdict } from "../evaluator/verdict.ts";
import type { LanguagePack } from "../feedback/languagePack.ts";
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

const LANGUAGE_NAMES = { en: "English", id: "Indonesian", vi: "Vietnamese" } as const;

function activityFacts(activity: Activity): string[] {
  const lines = [`Activity ${activity.id} (${activity.kind}): the tutor says "${activity.tutor.text}" (${activity.tutor.translations.en}).`];
  lines.push(`Task: ${activity.task.en}`);
  if (activity.kind === "dialogue") {
    lines.push(`Accepted answers: ${activity.answers.map((a) => `"${a}"`).join(", ")}.`);
    lines.push(`Required politeness: ${activity.politeness === "polite" ? "해요체 or 합니다체 (speaking to staff)" : activity.politeness}.`);
    for (const slot of activity.slots) {
      const content = slot.counter ? `a native Korean number with the counter ${slot.counter}` : `one of: ${slot.words.join(", ")}`;
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
    "You are a patient Korean tutor checking one answer of an A1-A2 learner in a role-play lesson.",
    "Judge meaning and appropriateness for the situation, not only the listed answers: a natural, polite answer that does the task passes even if it is worded differently.",
    "Spacing and punctuation are never errors. Digits before a counter are fine (2잔 = 두 잔).",
    "Particle and copula slips (을/를, 이/가, 은/는, (으)로, 이에요/예요) still pass, with a correction. Casual speech (반말) to staff, a wrong number form before a counter (일 잔, 하나 잔), or missing required content fail.",
    "Correct with the smallest possible edit: keep the learner's own words and word order, change only what is wrong. Never rewrite a correct answer. If the answer is correct, correction is null.",
    `Write "feedback" and every "explanation" in ${language}, in one or two short, encouraging sentences; quote Korean words in Hangul.`,
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
