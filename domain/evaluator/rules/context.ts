import type { DialogueActivity } from "../../lessons/lesson.ts";
import type { Finding } from "../verdict.ts";
import type { Vocabulary } from "../vocabulary.ts";

/** What every rule sees: the activity and the answer, re-spaced into words. */
export interface RuleContext {
  activity: DialogueActivity;
  vocabulary: Vocabulary;
  tokens: readonly string[];
  /** The answer without spaces. */
  compact: string;
}

/** A finding located by word index; evaluateAnswer turns indexes into character spans. */
export type RawFinding = Omit<Finding, "span"> & { token: number; tokenEnd?: number };

export type Rule = (context: RuleContext) => RawFinding[];
