import type { Analysis } from "../analyze.ts";
import { fills, finalPredicate, type ActivityFrame } from "../frame.ts";
import { spacedForm } from "../correct.ts";
import type { Issue } from "../issues.ts";
import { indexOf, verbs, type Check } from "./context.ts";

/**
 * Checks that compare the answer with what every reference agrees on: a word that says the
 * opposite (많이 where the references say 조금, 네 where they say 아니요), the tense (나와요
 * for 나왔어요), and an offer (해 드릴게요) where the learner should ask (해 주세요).
 */

/** The word a unit stands for, without its particle: 조금만 -> 조금, 아니요 -> 아니요. */
function keyOf(unit: Analysis["units"][number]): string | undefined {
  if (unit.kind === "expression") return unit.surface.replace(/ /g, "");
  if (unit.kind === "noun") return unit.stem;
  if (unit.kind === "unknown") return unit.surface;
  return undefined;
}

function keysOf(analysis: Analysis): Set<string> {
  return new Set(analysis.units.flatMap((unit) => keyOf(unit) ?? []));
}

const referenceKeyCache = new WeakMap<ActivityFrame, Set<string>[]>();

function referenceKeysOf(frame: ActivityFrame): Set<string>[] {
  const cached = referenceKeyCache.get(frame) ?? frame.references.map(keysOf);
  referenceKeyCache.set(frame, cached);
  return cached;
}

export const antonyms: Check = (context) => {
  const references = context.frame.references;
  const referenceKeys = referenceKeysOf(context.frame);
  return context.analysis.units.flatMap((unit): Issue[] => {
    const key = keyOf(unit);
    const opposites = key === undefined ? undefined : context.lexicon.antonyms.get(key);
    if (key === undefined || !opposites || referenceKeys.some((keys) => keys.has(key))) return [];
    // 아뇨 where the references say 아니요: the same answer.
    const yesOrNo = unit.kind === "expression" && (unit.expression.type === "yes" || unit.expression.type === "no");
    if (yesOrNo && references.some((r) => r.units.some((u) => u.kind === "expression" && u.expression.type === unit.expression.type))) return [];
    // 차갑게 for 따뜻하게 where the slot offers both: a choice, not an opposite.
    if (context.frame.slots.some((slot) => fills(slot, unit))) return [];
    const reference = references.find((r, i) => [...opposites].some((o) => referenceKeys[i]!.has(o)));
    const said = reference?.units.find((u) => opposites.has(keyOf(u) ?? ""));
    if (!said) return [];
    const text = said.kind === "noun" && unit.kind === "noun" ? said.stem + unit.particle : said.surface;
    // After 네 or 아니요 the rest of the answer follows the wrong one (네, 액체 있어요): say a reference.
    const answersYesNo = unit.kind === "expression" && (unit.expression.type === "yes" || unit.expression.type === "no");
    const fix = answersYesNo ? { kind: "reference" as const } : { kind: "replace" as const, unit: indexOf(context, unit), text };
    return [{ type: "vocabulary", key: "content.opposite", found: unit.surface, expected: text, sure: true, fix }];
  });
};

/**
 * The references' uses of the learner's verb all in the past (주문이 잘못 나왔어요) and the
 * learner's in the present, or the other way round: the tense says something else happened.
 */
export const tense: Check = (context) => {
  const predicate = finalPredicate(context.analysis);
  if (!predicate || predicate.form.question) return [];
  const sameVerb = context.frame.references.map(finalPredicate).filter((p) => p?.form.lemma === predicate.form.lemma && !p.form.question);
  if (sameVerb.length === 0) return [];
  const allPast = sameVerb.every((p) => p!.form.mood === "past");
  const nonePast = sameVerb.every((p) => p!.form.mood !== "past");
  const wantPast = allPast && ["state", "future", "intent", "plan"].includes(predicate.form.mood);
  const wantPresent = nonePast && predicate.form.mood === "past";
  if (!wantPast && !wantPresent) return [];
  // Not yet happened: the references' own mood (마실게요, 바꿔 주세요, 있을 거예요), at the learner's level.
  const mood = wantPast ? "past" : sameVerb[0]!.form.mood;
  const forms = context.lexicon.formsOf.get(predicate.form.lemma) ?? [];
  const form = forms.find(([, f]) => f.mood === mood && f.level === predicate.form.level && f.honorific === predicate.form.honorific && !f.question && !f.misspelt);
  const text = spacedForm(form?.[0] ?? sameVerb[0]!.surface);
  return [{ type: "grammar", key: wantPast ? "tense.past" : "tense.present", found: predicate.surface, expected: text, sure: sameVerb.length > 1, fix: { kind: "replace", unit: indexOf(context, predicate), text } }];
};

/** -아/어 드릴게요 after a verb offers the listener a service; the learner asks for one (-아/어 주세요). */
export const humbleOffer: Check = (context) => {
  if (context.frame.references.some((r) => r.units.some((u, i) => offersAt(r.units, i)))) return [];
  const units = context.analysis.units;
  return verbs(context).flatMap((unit): Issue[] => {
    const index = indexOf(context, unit);
    const next = units[index + 1];
    if (!offersAt(units, index) || next?.kind !== "verb") return [];
    const text = `${unit.surface} 주세요`;
    return [{ type: "grammar", key: "honorific.humble_offer", found: `${unit.surface} ${next.surface}`, expected: text, sure: true, fix: { kind: "replace", unit: index, text, covers: 2 } }];
  });
};

function offersAt(units: Analysis["units"], index: number): boolean {
  const unit = units[index];
  const next = units[index + 1];
  return unit?.kind === "verb" && next?.kind === "verb" && next.form.humble && next.form.meaning === "give" && unit.form.level === "casual" && unit.form.mood === "state";
}

/** Meanings that answer any request (주세요, 할게요, 부탁해요): one stands for another. */
const ASKING_MEANINGS = new Set(["give", "request", "do", "want"]);

/**
 * The learner's predicate says what the references never say: its opposite (맛없어요 for
 * 맛있어요), or a request where the references ask or state (벗어 주세요 for 벗어야 돼요?).
 * Another verb altogether is left to the confidence: measured, failing it failed correct
 * paraphrases (부칠게요 for 두 개예요) more often than it caught errors.
 */
export const otherMeaning: Check = (context) => {
  const predicate = finalPredicate(context.analysis);
  if (!predicate) return [];
  const references = context.frame.references.map(finalPredicate);
  const referencesRequest = references.some((p) => p?.form.mood === "request" || ASKING_MEANINGS.has(p?.form.meaning ?? ""));
  if (predicate.form.mood === "request" && !referencesRequest && !ASKING_MEANINGS.has(predicate.form.meaning)) {
    return [{ type: "vocabulary", key: "content.request", found: predicate.surface, expected: "", sure: true, fix: { kind: "reference" } }];
  }
  const expected = context.frame.meanings;
  const opposite = predicate.form.opposite;
  // 안 있어요 is negated already (and wrong in its own way: lexicalNegation).
  const before = context.analysis.units[indexOf(context, predicate) - 1];
  if (before?.kind === "expression" && (before.surface === "안" || before.surface === "못")) return [];
  if (!opposite || expected.has(predicate.form.meaning) || !expected.has(context.lexicon.lemmaMeanings.get(opposite) ?? "")) return [];
  const form = (context.lexicon.formsOf.get(opposite) ?? []).find(([, f]) => f.level === predicate.form.level && f.mood === predicate.form.mood && f.honorific === predicate.form.honorific)?.[0];
  const text = form ?? references.find((p) => p?.form.lemma === opposite)?.surface;
  if (text === undefined) return [];
  return [{ type: "vocabulary", key: "content.opposite", found: predicate.surface, expected: text, sure: true, fix: { kind: "replace", unit: indexOf(context, predicate), text } }];
};
