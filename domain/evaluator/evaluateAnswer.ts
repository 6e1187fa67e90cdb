import { isPick, modelAnswer, type Activity, type DialogueActivity, type PickActivity } from "../lessons/lesson.ts";
import { analyze, type Analysis } from "./analyze.ts";
import { meaning, meaningFits, slots, wordOrder } from "./checks/contentChecks.ts";
import { particleRoles } from "./checks/particleChecks.ts";
import type { Check, CheckContext } from "./checks/context.ts";
import { antonyms, humbleOffer, otherMeaning, tense } from "./checks/contrastChecks.ts";
import { counters, honorificCopula, honorifics, numberSystems, particleForms, speechLevel } from "./checks/formChecks.ts";
import { beOrExist, confusedUnits, humblePronouns, labelCounter, lexicalNegation, mayForMust, modifierOrder, purposeForm } from "./checks/grammarChecks.ts";
import { spelling } from "./checks/spelling.ts";
import { adaptedReference, applyFixes, recontracted, spacedForm, withOpening } from "./correct.ts";
import { frameOf } from "./frame.ts";
import type { Issue } from "./issues.ts";
import type { Lexicon } from "./lexicon.ts";
import { dialogueOf, filledSentence, gapParticleVerdict } from "./fill.ts";
import { normalizeText } from "./normalize.ts";
import { evaluateRepeat } from "./repeat.ts";
import { ERROR_PRIORITY, type Finding, type Verdict } from "./verdict.ts";

/** A typed answer, a transcribed spoken one (`spoken`), or the index of a chosen option. */
export type Answer = { text: string; spoken?: boolean } | { choice: number };

/**
 * The rule-based Korean evaluator: pure, synchronous, well under a millisecond per answer.
 * It applies the teacher policy (docs/EVALUATOR.md): any clear error fails the answer, and
 * it says how sure it is, so that an unsure verdict can be checked by a second opinion.
 */
export function evaluateAnswer(activity: Activity, answer: Answer, lexicon: Lexicon): Verdict {
  if (isPick(activity)) return evaluateChoice(activity, answer);
  if (!("text" in answer)) return whole("other", "answer.no_choice", "", modelAnswer(activity), 1);
  const spoken = answer.spoken === true;
  const analysis = analyze(answer.text, lexicon);
  if (!analysis.hasHangul || analysis.units.length === 0) return whole("other", "answer.not_korean", normalizeText(answer.text).text, modelAnswer(activity), 0.95);
  if (activity.kind === "repeat") return evaluateRepeat(activity, analysis, lexicon);
  if (activity.kind === "fill") {
    const sentence = filledSentence(activity, answer.text);
    const verdict = evaluateDialogue(dialogueOf(activity), analyze(sentence, lexicon), lexicon, { spoken, text: sentence });
    return verdict.pass ? (gapParticleVerdict(activity, answer.text) ?? verdict) : verdict;
  }
  return evaluateDialogue(activity, analysis, lexicon, { spoken, text: answer.text });
}

/** Checks after spelling: they read the answer as the learner meant to spell it. */
const CHECKS: readonly Check[] = [
  speechLevel,
  humblePronouns,
  honorifics,
  honorificCopula,
  particleForms,
  particleRoles,
  counters,
  numberSystems,
  confusedUnits,
  labelCounter,
  slots,
  meaning,
  otherMeaning,
  antonyms,
  lexicalNegation,
  tense,
  mayForMust,
  purposeForm,
  humbleOffer,
  beOrExist,
  modifierOrder,
  wordOrder,
];

function evaluateDialogue(activity: DialogueActivity, analysis: Analysis, lexicon: Lexicon, { spoken, text }: { spoken: boolean; text: string }): Verdict {
  const frame = frameOf(activity, lexicon);
  const normalized = analysis.words.join(" ");
  const said = normalized.replace(/ /g, "");
  const matched = activity.answers.find((reference) => normalizeText(reference).compact === said);
  if (matched) return { score: 100, pass: true, errorType: "none", errors: [], confidence: 0.98, normalized, matched };
  const written: CheckContext = { activity, frame, analysis, lexicon, spoken };
  const misspellings = spelling(written);
  const respelled = misspellings.length > 0 ? applyFixes(analysis, misspellings) : undefined;
  const context = respelled ? { ...written, analysis: analyze(respelled, lexicon) } : written;
  const others = dedupe(CHECKS.flatMap((check) => check(context)));
  const issues = [...misspellings, ...others];
  if (issues.length === 0) return { score: 95, pass: true, errorType: "none", errors: [], confidence: cleanConfidence(context), normalized };
  const errors = issues.map((issue) => toFinding(issue, normalized));
  const primary = primaryOf(errors);
  return {
    score: Math.min(55, Math.max(0, 100 - errors.length * 25)),
    pass: false,
    errorType: primary.type,
    errors: [primary, ...errors.filter((e) => e !== primary)],
    correction: withOpening(recontracted(correctionFor(context, others), text, lexicon.contractions), text, lexicon.expressions),
    confidence: issues.every((i) => i.sure) && !hasUnknown(context.analysis) ? 0.9 : 0.6,
    normalized,
  };
}

/** One issue per unit and kind: two checks may see the same mistake. */
function dedupe(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.fix.kind === "replace" ? issue.fix.unit : issue.key}:${issue.found}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function hasUnknown(analysis: Analysis): boolean {
  return analysis.units.some((unit) => unit.kind === "unknown" || (unit.kind === "noun" && unit.known === "unknown"));
}

/** Sure of a clean answer when every word is known and the predicate answers the activity. */
function cleanConfidence(context: CheckContext): number {
  if (analysisHasRawUnknown(context.analysis)) return 0.5;
  if (hasUnknown(context.analysis) || !meaningFits(context)) return 0.6;
  const dictionaryOnly = context.analysis.units.some((u) => u.kind === "noun" && u.known === "dictionary");
  return dictionaryOnly ? 0.75 : 0.92;
}

function analysisHasRawUnknown(analysis: Analysis): boolean {
  return analysis.units.some((unit) => unit.kind === "unknown");
}

function correctionFor(context: CheckContext, issues: readonly Issue[]): string {
  const own = applyFixes(context.analysis, issues);
  const candidates = [own, adaptedReference(context.activity, context.frame, context.analysis), modelAnswer(context.activity)];
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === "") continue;
    const check = analyze(candidate, context.lexicon);
    const again = { ...context, analysis: check };
    if ([spelling, ...CHECKS].every((c) => c(again).length === 0)) return candidate;
  }
  return modelAnswer(context.activity);
}

/** Where the learner wrote what a check found, with their own spacing (공부하러 갔어요, not 공부하러갔어요). */
function locate(found: string, normalized: string): { start: number; end: number; text: string } {
  if (found === "") return { start: 0, end: normalized.length, text: found };
  const exact = normalized.indexOf(found);
  if (exact >= 0) return { start: exact, end: exact + found.length, text: found };
  const pattern = [...found.replace(/ /g, "")].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&")).join(" ?");
  const spaced = new RegExp(pattern, "u").exec(normalized);
  return spaced ? { start: spaced.index, end: spaced.index + spaced[0].length, text: spaced[0] } : { start: 0, end: found.length, text: found };
}

function toFinding(issue: Issue, normalized: string): Finding {
  const { start, end, text } = locate(issue.found, normalized);
  const finding: Finding = { type: issue.type, messageKey: issue.key, span: { start, end }, found: text, expected: spacedForm(issue.expected), blocking: true, sure: issue.sure };
  return issue.params ? { ...finding, params: issue.params } : finding;
}

function primaryOf(errors: readonly Finding[]): Finding {
  return [...errors].sort((a, b) => ERROR_PRIORITY.indexOf(a.type) - ERROR_PRIORITY.indexOf(b.type))[0]!;
}

function evaluateChoice(activity: PickActivity, answer: Answer): Verdict {
  const index = "choice" in answer ? answer.choice : activity.choices.findIndex((c) => normalizeText(c.text).compact === normalizeText(answer.text).compact);
  const choice = activity.choices[index];
  const model = modelAnswer(activity);
  if (!choice) return whole("other", "answer.no_choice", "text" in answer ? answer.text : String(answer.choice), model, 1);
  if (choice.correct) return { score: 100, pass: true, errorType: "none", errors: [], confidence: 1, normalized: choice.text, matched: choice.text };
  const type = choice.errorType && choice.errorType !== "none" ? choice.errorType : "other";
  const finding: Finding = { type, messageKey: "choice.explained", span: { start: 0, end: choice.text.length }, found: choice.text, expected: model, blocking: true, sure: true, params: choice.explanation ?? {} };
  return { score: 0, pass: false, errorType: type, errors: [finding], correction: model, confidence: 1, normalized: choice.text };
}

/** A verdict about the whole answer (not Korean, no option picked). */
export function whole(type: Finding["type"], messageKey: string, found: string, expected: string, confidence: number): Verdict {
  const finding: Finding = { type, messageKey, span: { start: 0, end: found.length }, found, expected, blocking: true, sure: true };
  return { score: 0, pass: false, errorType: type, errors: [finding], correction: expected, confidence, normalized: found };
}

