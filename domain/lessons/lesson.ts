import { z } from "zod";
import type { LearnerLang } from "../learners/learner.ts";

/**
 * Lessons are data (content/lessons/*.yaml): lesson -> stages -> activities. Everything the
 * tutor says, accepts and explains lives here; adding a lesson needs no code.
 */

/** The gap in a fill activity's sentence. */
export const GAP = "___";

const hangulText = z
  .string()
  .min(1)
  .refine((text) => /\p{Script=Hangul}/u.test(text), "must contain Korean (Hangul) text");

const learnerText = z.string().min(1);
/** A text in every learner language (a new language in LEARNER_LANGS fails to compile here until added). */
export const inLearnerLangs = z.object({ en: learnerText, id: learnerText, vi: learnerText } satisfies Record<LearnerLang, typeof learnerText>);
export type InLearnerLangs = z.infer<typeof inLearnerLangs>;

export const ERROR_TYPES = [
  "none",
  "particle",
  "formality",
  "counter",
  "vocabulary",
  "grammar",
  "spelling",
  "pronunciation",
  "other",
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/** `polite`: 해요체 or 합니다체; `formal`: 합니다체 only; `any`: no check. */
export const POLITENESS = ["polite", "formal", "any"] as const;
export type Politeness = (typeof POLITENESS)[number];

const slotSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/),
    label: inLearnerLangs,
    /** Words that fill the slot (any one of them). */
    words: z.array(hangulText).default([]),
    /** A counter (잔, 개, ...): the slot is a native-Korean number followed by it. */
    counter: z.string().regex(/^\p{Script=Hangul}+$/u).optional(),
    /** Particles that may follow the slot word; another particle there is an error. */
    particles: z.array(z.string()).optional(),
    /** The slot word needs one of `particles` when a predicate follows it. */
    particleRequired: z.boolean().default(false),
  })
  .refine((slot) => slot.words.length > 0 || slot.counter !== undefined, "a slot needs words or a counter");
export type Slot = z.infer<typeof slotSchema>;

const hintSchema = z.object({ ko: z.string().min(1) }).and(inLearnerLangs);

/**
 * Typical wrong answers, kept next to the activity for `npm run content:check`: each must fail
 * with its error type, and the correction the evaluator proposes for it must pass.
 */
const mistakesSchema = z
  .array(z.object({ text: z.string().min(1), errorType: z.enum(ERROR_TYPES).exclude(["none"]) }))
  .default([]);
export type Mistake = z.infer<typeof mistakesSchema>[number];

const activityBase = {
  id: z.string().regex(/^[a-z]+(\.[a-z0-9-]+)+$/, "dotted lowercase id, e.g. cafe.order"),
  difficulty: z.number().int().min(1).max(5),
  tutor: z.object({ text: hangulText, translations: inLearnerLangs }),
  /** What the learner is asked to do, in their language. */
  task: inLearnerLangs,
  hints: z.array(hintSchema).default([]),
};

const dialogueSchema = z.object({
  ...activityBase,
  kind: z.literal("dialogue"),
  politeness: z.enum(POLITENESS).default("polite"),
  /** The learner speaks about themselves: subject honorific -(으)시- on their own actions is wrong. */
  selfReference: z.boolean().default(false),
  /** Accepted reference answers; the first is the model answer shown when revealing. */
  answers: z.array(hangulText).min(1),
  slots: z.array(slotSchema).default([]),
  mistakes: mistakesSchema,
});

const repeatSchema = z.object({
  ...activityBase,
  kind: z.literal("repeat"),
  politeness: z.enum(POLITENESS).default("any"),
  answers: z.array(hangulText).min(1),
  /** Other phrases with the same meaning: recognised, but not what was asked to repeat. */
  alternatives: z.array(hangulText).default([]),
  /** Jamo-level similarity (0-1) needed to pass. */
  passSimilarity: z.number().min(0.5).max(1).default(0.85),
  mistakes: mistakesSchema,
});

const choiceSchema = z.object({
  ...activityBase,
  kind: z.literal("choice"),
  choices: z
    .array(
      z.object({
        text: hangulText,
        translations: inLearnerLangs,
        correct: z.boolean(),
        errorType: z.enum(ERROR_TYPES).optional(),
        /** Why a wrong choice is wrong, in the learner's language. */
        explanation: inLearnerLangs.optional(),
      }),
    )
    .min(2)
    .max(6)
    .refine((choices) => choices.some((c) => c.correct), "at least one choice must be correct")
    .refine(
      (choices) => choices.every((c) => c.correct || (c.errorType && c.explanation)),
      "every wrong choice needs an errorType and an explanation",
    ),
});

/** The tutor's line is heard, not shown, until answered: the learner picks what it means. */
const listenSchema = choiceSchema.extend({ kind: z.literal("listen") });

/**
 * A sentence with a gap (카드___ 할게요) for a particle, an ending or a counter. The learner types
 * the gap or the whole sentence; either way the sentence is judged like a dialogue answer, so
 * `answers` are the whole correct sentences.
 */
const fillSchema = dialogueSchema
  .extend({
    kind: z.literal("fill"),
    sentence: hangulText.refine((text) => text.split(GAP).length === 2, `must contain the gap ${GAP} exactly once`),
  })
  .refine((fill) => fitsGap(fill.sentence, fill.answers[0]!), {
    path: ["answers", 0],
    message: "the model answer must be the sentence with its gap filled in",
  });

/** Spacing and punctuation aside, `answer` is `sentence` with something in its gap. */
function fitsGap(sentence: string, answer: string): boolean {
  const bare = (text: string) => text.replace(/[\s\p{P}]/gu, "");
  const [before = "", after = ""] = sentence.split(GAP).map(bare);
  const filled = bare(answer);
  return filled.length > before.length + after.length && filled.startsWith(before) && filled.endsWith(after);
}

export const activitySchema = z.discriminatedUnion("kind", [dialogueSchema, repeatSchema, choiceSchema, listenSchema, fillSchema]);
export type Activity = z.infer<typeof activitySchema>;
export type DialogueActivity = z.infer<typeof dialogueSchema>;
export type RepeatActivity = z.infer<typeof repeatSchema>;
export type ChoiceActivity = z.infer<typeof choiceSchema>;
export type ListenActivity = z.infer<typeof listenSchema>;
export type FillActivity = z.infer<typeof fillSchema>;
/** Activities answered by picking one of several options. */
export type PickActivity = ChoiceActivity | ListenActivity;

export function isPick(activity: Activity): activity is PickActivity {
  return activity.kind === "choice" || activity.kind === "listen";
}
export type ActivityKind = Activity["kind"];

/** A role's name in Korean and in every learner language (바리스타, Barista, ...). */
const roleName = z.object({ ko: hangulText }).and(inLearnerLangs);

/**
 * How two learners play the lesson's dialogue together (domain/roleplay): who the staff and
 * the customer are, and which dialogue activities make the script. In each, the staff says the
 * tutor's line and the customer answers it as the activity asks.
 */
const roleplaySchema = z.object({
  roles: z.object({ customer: roleName, staff: roleName }),
  activities: z.array(z.string().min(1)).min(1),
});
export type LessonRoleplay = z.infer<typeof roleplaySchema>;
export const ROLES = ["customer", "staff"] as const;
export type Role = (typeof ROLES)[number];

export const lessonSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/),
    level: z.string().regex(/^[ABC][12](-[ABC][12])?$/, "a CEFR level such as A1 or A1-A2"),
    scene: z.string().min(1),
    targetLang: z.literal("ko"),
    title: z.object({ ko: z.string().min(1), en: z.string().min(1) }),
    objectives: z.object({ ko: z.array(z.string().min(1)).min(1), en: z.array(z.string().min(1)).min(1) }),
    /** Nouns of this lesson, for particle checks beyond the slot words. */
    nouns: z.array(hangulText).default([]),
    /** What the lesson practises; later lessons reuse earlier targets, so review has something to review. */
    targets: z.object({ grammar: z.array(z.string().min(1)), vocabulary: z.array(z.string().min(1)) }).optional(),
    stages: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z][a-z0-9.-]{1,63}$/),
          title: z.object({ ko: z.string().min(1), en: z.string().min(1) }),
          activities: z.array(activitySchema).min(1),
        }),
      )
      .min(1),
    roleplay: roleplaySchema.optional(),
  })
  .superRefine((lesson, ctx) => {
    checkRoleplay(lesson, ctx);
    const seen = new Set<string>();
    lesson.stages.forEach((stage, s) =>
      stage.activities.forEach((activity, a) => {
        if (seen.has(activity.id)) {
          ctx.addIssue({ code: "custom", path: ["stages", s, "activities", a, "id"], message: `duplicate activity id "${activity.id}"` });
        }
        seen.add(activity.id);
      }),
    );
  });
export type Lesson = z.infer<typeof lessonSchema>;

/** A roleplay's script names dialogue activities of its own lesson, each once. */
function checkRoleplay(lesson: { roleplay?: LessonRoleplay | undefined; stages: Array<{ activities: Array<{ id: string; kind: string }> }> }, ctx: z.RefinementCtx): void {
  const ids = lesson.roleplay?.activities ?? [];
  const kinds = new Map(lesson.stages.flatMap((stage) => stage.activities.map((activity) => [activity.id, activity.kind] as const)));
  ids.forEach((id, i) => {
    const path = ["roleplay", "activities", i];
    if (!kinds.has(id)) ctx.addIssue({ code: "custom", path, message: `no activity "${id}" in this lesson` });
    else if (kinds.get(id) !== "dialogue") ctx.addIssue({ code: "custom", path, message: `"${id}" is a ${kinds.get(id)} activity; a roleplay plays dialogue activities` });
    if (ids.indexOf(id) !== i) ctx.addIssue({ code: "custom", path, message: `"${id}" is in the script twice` });
  });
}
export type Stage = Lesson["stages"][number];

/** The lesson's activities in play order, each with its stage. */
export function activitiesOf(lesson: Lesson): Array<{ stage: Stage; activity: Activity; index: number }> {
  let index = 0;
  return lesson.stages.flatMap((stage) => stage.activities.map((activity) => ({ stage, activity, index: index++ })));
}

/**
 * The answer the tutor shows when revealing or skipping: the right choice, or the first
 * accepted answer (for a fill, the whole sentence).
 */
export function modelAnswer(activity: Activity): string {
  if (!isPick(activity)) return activity.answers[0]!;
  // The lesson schema requires a correct choice, so there always is one.
  return activity.choices.find((choice) => choice.correct)!.text;
}

/** Every Korean line a learner may hear in the lesson: tutor lines, model answers, choices. */
export function spokenLines(lesson: Lesson): string[] {
  return activitiesOf(lesson).flatMap(({ activity }) => [
    activity.tutor.text,
    ...(isPick(activity) ? activity.choices.map((c) => c.text) : [modelAnswer(activity)]),
  ]);
}
