import type { RepeatActivity } from "../lessons/lesson.ts";
import type { Analysis } from "./analyze.ts";
import type { Lexicon } from "./lexicon.ts";
import { normalizeText } from "./normalize.ts";
import { closest } from "./similarity.ts";
import type { Finding, FindingType, Verdict } from "./verdict.ts";

/**
 * A repeat activity asks for the tutor's exact line: a leading 네/아 and spacing do not
 * matter; another phrase with the same meaning, a casual form of it, or a misspelling does.
 */
export function evaluateRepeat(activity: RepeatActivity, analysis: Analysis, lexicon: Lexicon): Verdict {
  const words = dropOpeners(analysis.words, lexicon);
  const said = words.join("").replace(/ /g, "");
  const normalized = words.join(" ");
  const targets = activity.answers.map((a) => normalizeText(a).compact);
  const target = activity.answers[0]!;
  if (targets.includes(said)) return { score: 100, pass: true, errorType: "none", errors: [], confidence: 0.98, normalized, matched: target };
  const judged = judge(activity, said, lexicon, targets);
  const finding: Finding = { type: judged.type, messageKey: judged.key, span: { start: 0, end: normalized.length }, found: normalized, expected: target, blocking: true, sure: judged.sure };
  const score = judged.type === "spelling" ? 50 : 0;
  return { score, pass: false, errorType: judged.type, errors: [finding], correction: target, confidence: judged.sure ? 0.9 : 0.6, normalized };
}

/** A leading 네/예/아 (also run together: 네네, 아네) is not part of what was repeated. */
function dropOpeners(words: readonly string[], lexicon: Lexicon): string[] {
  const rest = [...words];
  const opener = /^(네|예|아)+/u;
  while (rest.length > 1 && (lexicon.expressions.get(rest[0]!)?.type === "yes" || opener.test(rest[0]!) && rest[0]!.replace(opener, "") === "")) rest.shift();
  if (rest.length === 1 && opener.test(rest[0]!) && !lexicon.verbs.has(rest[0]!)) {
    const stripped = rest[0]!.replace(opener, "");
    if (stripped.length >= 2 && lexicon.verbs.has(stripped)) rest[0] = stripped;
  }
  return rest;
}

function judge(activity: RepeatActivity, said: string, lexicon: Lexicon, targets: readonly string[]): { type: FindingType; key: string; sure: boolean } {
  const expression = lexicon.expressions.get(said);
  if (expression?.type === "foreign") return { type: "other", key: "answer.not_korean", sure: true };
  const form = lexicon.verbs.get(said);
  if (form && (form.level === "casual" || form.level === "plain")) return { type: "formality", key: "repeat.casual", sure: true };
  if (activity.alternatives.some((a) => normalizeText(a).compact === said)) return { type: "vocabulary", key: "repeat.alternative", sure: true };
  const targetForm = lexicon.verbs.get(targets[0] ?? "");
  if (form && targetForm && form.lemma === targetForm.lemma) {
    return form.level === "casual" || form.level === "plain" ? { type: "formality", key: "repeat.casual", sure: true } : { type: "vocabulary", key: "repeat.other_form", sure: true };
  }
  const near = closest(said, targets);
  if (near.similarity >= 0.6 && !form && !expression) return { type: "spelling", key: "repeat.spelling", sure: near.similarity >= 0.72 };
  return { type: "vocabulary", key: "repeat.different", sure: form !== undefined || expression !== undefined };
}
