import type { LearnerLang } from "../../../domain/learners/learner.ts";
import { isLearnerLang } from "../app/i18n.ts";
import type { SignedIn } from "./api.ts";

/**
 * What the browser remembers between visits: the learner's token (so a returning learner
 * is the same learner and resumes their lesson), and their last language and scene.
 */

const LEARNER_KEY = "koto.learner.v1";
const CHOICES_KEY = "koto.choices.v1";
/** A token this close to expiry is not worth reusing. */
const EXPIRY_MARGIN_MS = 60_000;

export interface Choices {
  lang: LearnerLang;
  scene: string;
}

function read(key: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(key) ?? "null");
  } catch {
    return null;
  }
}

function isSignedIn(value: unknown): value is SignedIn {
  const v = value as Partial<SignedIn> | null;
  return typeof v?.token === "string" && typeof v.expiresAt === "string" && typeof v.learner?.userId === "string" && typeof v.learner.name === "string";
}

export function rememberedLearner(now = Date.now()): SignedIn | undefined {
  const stored = read(LEARNER_KEY);
  if (!isSignedIn(stored) || Date.parse(stored.expiresAt) - EXPIRY_MARGIN_MS < now) return undefined;
  return stored;
}

export function rememberLearner(signedIn: SignedIn): void {
  localStorage.setItem(LEARNER_KEY, JSON.stringify(signedIn));
}

export function forgetLearner(): void {
  localStorage.removeItem(LEARNER_KEY);
}

export function rememberedChoices(): Partial<Choices> {
  const stored = read(CHOICES_KEY) as Partial<Choices> | null;
  return {
    ...(isLearnerLang(stored?.lang) ? { lang: stored.lang } : {}),
    ...(typeof stored?.scene === "string" ? { scene: stored.scene } : {}),
  };
}

export function rememberChoices(choices: Choices): void {
  localStorage.setItem(CHOICES_KEY, JSON.stringify(choices));
}
