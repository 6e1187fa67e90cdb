import type { DialogueActivity } from "../../lessons/lesson.ts";
import type { Analysis, Located, Unit } from "../analyze.ts";
import type { ActivityFrame } from "../frame.ts";
import type { Issue } from "../issues.ts";
import type { Lexicon } from "../lexicon.ts";

/** What every check sees: the activity, what it asks for, and the answer as read. */
export interface CheckContext {
  activity: DialogueActivity;
  frame: ActivityFrame;
  analysis: Analysis;
  lexicon: Lexicon;
  spoken: boolean;
}

export type Check = (context: CheckContext) => Issue[];

export type NounUnit = Located<Extract<Unit, { kind: "noun" }>>;
export type VerbUnit = Located<Extract<Unit, { kind: "verb" }>>;

/** Meanings of going and coming. */
export const MOTION_MEANINGS: ReadonlySet<string> = new Set(["go", "come"]);

/** Pronouns and other words that are never the content an activity asks for. */
export const PRONOUNS = new Set(["저", "제", "나", "내", "우리", "저희", "이거", "그거", "저거", "이것", "그것", "저것", "여기", "거기", "저기"]);

export function indexOf(context: CheckContext, unit: Located): number {
  return context.analysis.units.indexOf(unit);
}

export function nouns(context: CheckContext): NounUnit[] {
  return context.analysis.units.filter((unit): unit is NounUnit => unit.kind === "noun");
}

export function verbs(context: CheckContext): VerbUnit[] {
  return context.analysis.units.filter((unit): unit is VerbUnit => unit.kind === "verb");
}

/** The last unit that carries the sentence's ending (a predicate, or a noun of a one-word answer). */
export function finalUnit(context: CheckContext): Located | undefined {
  return [...context.analysis.units].reverse().find((unit) => unit.kind !== "expression");
}
