import { z } from "zod";

export const LEARNER_LANGS = ["en", "id", "vi"] as const;
export type LearnerLang = (typeof LEARNER_LANGS)[number];
export const learnerLangSchema = z.enum(LEARNER_LANGS);

export { displayNameSchema } from "./displayName.ts";

/** Who a room or endpoint is dealing with, as proven by a token. */
export interface Learner {
  userId: string;
  name: string;
  lang: LearnerLang;
}
