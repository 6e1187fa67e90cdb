import { z } from "zod";

export const LEARNER_LANGS = ["en", "id", "vi"] as const;
export type LearnerLang = (typeof LEARNER_LANGS)[number];
export const learnerLangSchema = z.enum(LEARNER_LANGS);

export const DISPLAY_NAME_MAX = 24;

/**
 * A display name as others will see it above an avatar: one line of visible characters.
 * Hangul typed on some systems arrives decomposed, so names are stored NFC.
 */
export const displayNameSchema = z
  .string()
  .transform((raw) =>
    raw
      .normalize("NFC")
      .replace(/[\p{Cc}\p{Cf}]/gu, "")
      .replace(/\s+/gu, " ")
      .trim(),
  )
  .pipe(
    z
      .string()
      .min(1, "name is empty")
      .refine((name) => [...name].length <= DISPLAY_NAME_MAX, `name is longer than ${DISPLAY_NAME_MAX} characters`),
  );

/** Who a room or endpoint is dealing with, as proven by a token. */
export interface Learner {
  userId: string;
  name: string;
  lang: LearnerLang;
}
