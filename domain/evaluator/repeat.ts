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
  const judged = casualTarget(activity, analysis, words, lexicon) ?? judge(activity, said, lexicon, targets);
  const finding: Finding = { type: judged.type, messageKey: judged.key, span: { start: 0, end: normalized.length }, found: normalized, expected: target, blocking: true, sure: judged.sure };
  const score = judged.type === "spelling" ? 50 : 0;
  // The learner's 네 (or a casual 응, made polite) stays in front of the line.
  const opened = words.length < analysis.words.length || ["casual_yes"].includes(lexicon.expressions.get(words[0] ?? "")?.type ?? "");
  const correction = opened && !/^(네|예)/u.test(target) ? `네, ${target}` : target;
  return { score, pass: false, errorType: judged.type, errors: [finding], correction, confidence: judged.sure ? 0.9 : 0.6, normalized };
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

/**
 * The target (or an accepted alternative) said casually: 잘 마실게 for 잘 마실게요, 응, 알겠어
 * for 알겠습니다, 잘 있어 for 안녕히 계세요. A casual 응/아니 before it counts the same.
 */
function casualTarget(activity: RepeatActivity, analysis: Analysis, words: readonly string[], lexicon: Lexicon): { type: FindingType; key: string; sure: boolean } | undefined {
  const casualOpener = words.length > 1 && ["casual_yes", "casual_no"].includes(lexicon.expressions.get(words[0]!)?.type ?? "");
  const rest = (casualOpener ? words.slice(1) : words).join("").replace(/ /g, "");
  const accepted = [...activity.answers, ...activity.alternatives].map((a) => normalizeText(a).compact);
  const polite = lexicon.expressions.get(rest)?.polite;
  if (polite !== undefined && accepted.includes(normalizeText(polite).compact)) return { type: "formality", key: "repeat.casual", sure: true };
  const last = analysis.units.at(-1);
  const casualVerb = last?.kind === "verb" && (last.form.level === "casual" || last.form.level === "plain") && rest.endsWith(last.surface);
  if (!casualVerb) return casualOpener && accepted.includes(rest) ? { type: "formality", key: "repeat.casual", sure: true } : undefined;
  const before = rest.slice(0, rest.length - last.surface.length);
  const { lemma, mood } = last.form;
  const politeForms = (lexicon.formsOf.get(lemma) ?? []).filter(([, f]) => f.mood === mood && (f.level === "polite" || f.level === "formal")).map(([form]) => before + form);
  return politeForms.some((form) => accepted.includes(form)) ? { type: "formality", key: "repeat.casual", sure: true } : undefined;
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
