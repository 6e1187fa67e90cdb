import { z } from "zod";
import { LEARNER_LANGS, learnerLangSchema } from "../learners/learner.ts";
import { ERROR_TYPES } from "../lessons/lesson.ts";

/**
 * A language pack (content/langpacks/ko-xx.yaml): how the tutor speaks to learners of one
 * language: feedback templates, interface strings, and notes on the errors typical of them.
 * Templates use {placeholders}; which ones each key receives is listed in docs/content.md.
 */

/** Keys every pack must define: the evaluator and the tutor use all of them. */
export const MESSAGE_KEYS = [
  "particle.form",
  "particle.role",
  "particle.destination",
  "particle.missing",
  "copula.form",
  "copula.spelling",
  "polite.form",
  "counter.sino",
  "counter.full_form",
  "counter.wrong",
  "counter.missing",
  "formality.casual",
  "formality.fragment",
  "formality.needs_formal",
  "honorific.self",
  "honorific.humble_request",
  "honorific.double",
  "content.missing",
  "content.wrong_word",
  "content.wrong_verb",
  "content.question",
  "content.request",
  "content.farewell",
  "content.opposite",
  "copula.exist",
  "order.modifier",
  "counter.label",
  "negation.opposite",
  "modal.must",
  "purpose.form",
  "pronoun.humble",
  "counter.native",
  "honorific.humble_offer",
  "tense.past",
  "tense.present",
  "order.quantity",
  "order.verb_last",
  "spelling.word",
  "repeat.spelling",
  "repeat.pronunciation",
  "repeat.different",
  "repeat.alternative",
  "repeat.casual",
  "repeat.other_form",
  "choice.explained",
  "answer.not_korean",
  "answer.no_choice",
] as const;

export const UI_KEYS = [
  "feedback.pass",
  "feedback.fail",
  "feedback.reveal",
  "feedback.correction",
  "tutor.busy",
  "tutor.no_more_hints",
  "tutor.skipped",
  "tutor.no_lesson",
  "tutor.not_started",
  "tutor.lesson_done",
  "tutor.unknown_lesson",
  "tutor.choose_option",
  "tutor.type_answer",
  "tutor.unavailable",
  "tutor.voice_unavailable",
  "tutor.audio_not_found",
  "tutor.audio_unintelligible",
  "tutor.listen_unavailable",
  "review.prompt",
  "review.done",
  "review.none",
  "server.draining",
  "session.replaced",
  "roleplay.staff_task",
  "roleplay.customer_task",
  "roleplay.nudge",
  "roleplay.npc_played",
  "roleplay.partner_left",
  "roleplay.partner_away",
  "roleplay.partner_back",
  "roleplay.round_two",
  "roleplay.invited",
  "roleplay.declined",
  "roleplay.waiting",
  "roleplay.done",
  "roleplay.not_your_turn",
  "roleplay.not_in_roleplay",
  "roleplay.already",
  "roleplay.partner_unavailable",
  "roleplay.no_script",
  "roleplay.invite_gone",
  "roleplay.not_near",
] as const;

const template = z.string().min(1);

export const languagePackSchema = z
  .object({
    id: z.string().regex(new RegExp(`^ko-(${LEARNER_LANGS.join("|")})$`)),
    lang: learnerLangSchema,
    name: z.string().min(1),
    messages: z.record(z.enum(MESSAGE_KEYS), template),
    ui: z.record(z.enum(UI_KEYS), template),
    /** Words of praise, one picked per passed answer. */
    praise: z.array(template).min(1),
    /** Names of error types in this language ("particle" -> "partikel"). */
    errorTypes: z.record(z.enum(ERROR_TYPES), z.string().min(1)),
    /** What learners with this first language typically get wrong, and a tip for each. */
    l1Notes: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z_]+$/),
          errorTypes: z.array(z.enum(ERROR_TYPES)).min(1),
          /** The explanations (message keys) the tip is about; without it, every error of its types. */
          keys: z.array(z.enum(MESSAGE_KEYS)).optional(),
          note: z.string().min(1),
          tip: z.string().min(1),
        }),
      )
      .min(1),
  })
  .superRefine((pack, ctx) => {
    if (pack.id !== `ko-${pack.lang}`) ctx.addIssue({ code: "custom", path: ["id"], message: `must be ko-${pack.lang}` });
    for (const key of MESSAGE_KEYS) {
      if (!(key in pack.messages)) ctx.addIssue({ code: "custom", path: ["messages", key], message: "missing" });
    }
    for (const key of UI_KEYS) {
      if (!(key in pack.ui)) ctx.addIssue({ code: "custom", path: ["ui", key], message: "missing" });
    }
    for (const key of ERROR_TYPES) {
      if (!(key in pack.errorTypes)) ctx.addIssue({ code: "custom", path: ["errorTypes", key], message: "missing" });
    }
  });

export type LanguagePack = z.infer<typeof languagePackSchema>;
export type MessageKey = (typeof MESSAGE_KEYS)[number];
export type UiKey = (typeof UI_KEYS)[number];

/** Fills {placeholders}; unknown placeholders are left visible so authors notice them. */
export function fill(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
