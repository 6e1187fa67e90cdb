import type { Analysis } from "../analyze.ts";
import { spacedForm } from "../correct.ts";
import { finalPredicate } from "../frame.ts";
import { purposeOf } from "../korean/conjugate.ts";
import { CONFUSED_UNITS } from "../numbers.ts";
import type { Issue } from "../issues.ts";
import { formFor, isCopula } from "../korean/particles.ts";
import { indexOf, PRONOUNS, verbs, type Check, type CheckContext } from "./context.ts";

/**
 * Grammar a learner gets wrong around a verb: 안 before a verb with its own negative (안 있어요
 * for 없어요), may for must (벗어도 돼요? for 벗어야 돼요?), after for in order to (만나서 왔어요
 * for 만나러 왔어요), the plain 나/내 to staff, and a unit for another (몇 시간 for 몇 시).
 */

const NEGATIVE_MEANINGS = new Set(["not_exist", "not_know", "not_tasty"]);

export const lexicalNegation: Check = (context) => {
  const units = context.analysis.units;
  return units.flatMap((unit, index): Issue[] => {
    const next = units[index + 1];
    if (unit.kind !== "expression" || unit.surface !== "안" || next?.kind !== "verb" || !next.form.opposite) return [];
    if (!NEGATIVE_MEANINGS.has(context.lexicon.lemmaMeanings.get(next.form.opposite) ?? "")) return [];
    const { level, mood, honorific } = next.form;
    const negative = context.lexicon.formsOf.get(next.form.opposite)?.find(([, f]) => f.level === level && f.mood === mood && f.honorific === honorific)?.[0];
    if (negative === undefined) return [];
    const text = spacedForm(negative);
    return [{ type: "grammar", key: "negation.opposite", found: `안 ${next.surface}`, expected: text, sure: true, fix: { kind: "replace", unit: index, text, covers: 2 } }];
  });
};

/** A predicate that asks whether one must: the -아/어야 되다/하다 forms. */
function saysMust(analysis: Analysis): boolean {
  const predicate = finalPredicate(analysis);
  return predicate !== undefined && (predicate.form.mood === "must" || /야 ?(돼|되|해|하)/u.test(predicate.surface));
}

export const mayForMust: Check = (context) => {
  const predicate = finalPredicate(context.analysis);
  if (predicate?.form.mood !== "permit") return [];
  const references = context.frame.references;
  if (!references.some(saysMust) || references.some((r) => finalPredicate(r)?.form.mood === "permit")) return [];
  const must = context.lexicon.formsOf.get(predicate.form.lemma)?.find(([, f]) => f.mood === "must" && f.level === "polite")?.[0];
  if (must === undefined) return [];
  const text = spacedForm(must);
  return [{ type: "grammar", key: "modal.must", found: predicate.surface, expected: text, sure: true, fix: { kind: "replace", unit: indexOf(context, predicate), text } }];
};

const MOTION = new Set(["go", "come", "visit"]);

export const purposeForm: Check = (context) => {
  const purposes = context.frame.references.flatMap((r) => r.units.flatMap((u) => (u.kind === "verb" && /러 ?[오와왔가갔]/u.test(u.surface) ? [u] : [])));
  if (purposes.length === 0) return [];
  const units = context.analysis.units;
  // 친구를 만났어요 for 친구를 만나러 왔어요: the purpose said as what happened.
  const predicate = finalPredicate(context.analysis);
  const meant = predicate && purposes.find((p) => p.form.lemma.startsWith(purposeOf(predicate.form.lemma)));
  if (predicate && meant && !MOTION.has(predicate.form.meaning)) {
    const text = spacedForm(meant.surface);
    return [{ type: "grammar", key: "purpose.form", found: predicate.surface, expected: text, sure: true, fix: { kind: "replace", unit: indexOf(context, predicate), text } }];
  }
  return verbs(context).flatMap((unit): Issue[] => {
    const index = indexOf(context, unit);
    const next = units[index + 1];
    if (unit.form.mood !== "sequence" || next?.kind !== "verb" || !MOTION.has(next.form.meaning)) return [];
    const text = `${purposeOf(unit.form.lemma)} ${next.surface}`;
    return [{ type: "grammar", key: "purpose.form", found: `${unit.surface} ${next.surface}`, expected: text, sure: true, fix: { kind: "replace", unit: index, text, covers: 2 } }];
  });
};

/** The humble 저/제 to staff, not the plain 나/내. */
const HUMBLE: Record<string, string> = { 나: "저", 내: "제" };

export const humblePronouns: Check = (context) => {
  if (context.activity.politeness === "any") return [];
  const units = context.analysis.units;
  return units.flatMap((unit, index): Issue[] => {
    // 내 커피: read as the casual 내 of 내다 (pay) when a noun follows, it is "my".
    const determiner = unit.kind === "verb" && unit.surface === "내" && units[index + 1]?.kind === "noun";
    const stem = unit.kind === "noun" ? unit.stem : determiner ? "내" : undefined;
    const humble = stem === undefined ? undefined : HUMBLE[stem];
    if (humble === undefined) return [];
    const text = `${humble}${unit.kind === "noun" ? unit.particle : ""}`;
    return [{ type: "formality", key: "pronoun.humble", found: unit.surface, expected: text, sure: true, fix: { kind: "replace", unit: index, text } }];
  });
};

/** The unit a word names; 몇 번 and 몇 시 are read as one word, whose unit is the word without 몇. */
function unitWord(unit: Analysis["units"][number]): { word: string; particle: string } | undefined {
  if (unit.kind === "counter") return { word: unit.counter, particle: unit.particle };
  if (unit.kind === "noun") return { word: unit.stem.replace(/^몇 ?/u, ""), particle: unit.particle };
  return undefined;
}

/** Units that count or number something: after a number or 몇 (몇 시, 두 시간, 이십칠 번). */
function countedUnits(analysis: Analysis): Array<{ unit: Analysis["units"][number]; word: string; particle: string }> {
  return analysis.units.flatMap((unit, index) => {
    const said = unitWord(unit);
    const before = analysis.units[index - 1];
    const counted = (unit.kind === "noun" && /^몇/u.test(unit.stem) && unit.stem !== "몇") || before?.kind === "number" || (before?.kind === "noun" && before.stem === "몇");
    return said && counted ? [{ unit, ...said }] : [];
  });
}

export const confusedUnits: Check = (context) => {
  const referenceWords = new Set(context.frame.references.flatMap((r) => countedUnits(r).map((u) => u.word)));
  return countedUnits(context.analysis).flatMap(({ unit, ...said }): Issue[] => {
    const pair = CONFUSED_UNITS.find(([used, meant]) => used === said.word && referenceWords.has(meant) && !referenceWords.has(used));
    if (!pair) return [];
    const text = unit.surface.replace(new RegExp(`${pair[0]}${said.particle}$`, "u"), `${pair[1]}${said.particle}`);
    return [{ type: "counter", key: "counter.wrong", found: unit.surface, expected: text, sure: true, fix: { kind: "replace", unit: indexOf(context, unit), text }, params: { counter: pair[1] } }];
  });
};

/**
 * 있어요 for the copula, or the copula for 있어요, where every reference says the other:
 * 얼마 있어요? for 얼마예요?, 미국 사람 있어요 for 미국 사람이에요, 노트북이에요 for 노트북이 있어요.
 */
export const beOrExist: Check = (context) => {
  const units = context.analysis.units;
  const last = units.at(-1);
  const meanings = context.frame.meanings;
  if (!last) return [];
  const nounBefore = units.at(-2);
  if (last.kind === "verb" && last.form.meaning === "exist" && !meanings.has("exist") && meanings.has("be") && nounBefore?.kind === "noun" && nounBefore.particle === "") {
    const text = `${nounBefore.stem}${formFor(nounBefore.stem, "이에요")}`;
    const index = indexOf(context, nounBefore);
    return [{ type: "grammar", key: "copula.exist", found: `${nounBefore.surface} ${last.surface}`, expected: text, sure: true, fix: { kind: "replace", unit: index, text, covers: 2 } }];
  }
  if (last.kind === "noun" && isCopula(last.particle) && meanings.has("exist") && !meanings.has("be") && !meanings.has("fragment")) {
    const text = `${last.stem}${formFor(last.stem, "이")} 있어요`;
    return [{ type: "grammar", key: "copula.exist", found: last.surface, expected: text, sure: true, fix: { kind: "replace", unit: indexOf(context, last), text } }];
  }
  return [];
};

/** 몇 게이트, 이십칠 게이트: a number that names a gate (or a seat) takes 번, as the references say. */
/** Where a number (or 몇) names a noun without the 번 the references give it. */
/** The nouns the references number with 번 (몇 번 게이트 -> 게이트). */
export function numberedNouns(context: CheckContext): Set<string> {
  return new Set(context.frame.references.flatMap((r) => r.units.flatMap((u, i) => {
    const next = r.units[i + 1];
    return u.kind === "noun" && /^(몇 ?)?번$/u.test(u.stem) && next?.kind === "noun" ? [next.stem] : [];
  })));
}

export function unlabelledAt(context: CheckContext): number[] {
  const numbered = numberedNouns(context);
  const units = context.analysis.units;
  return [...units.keys()].filter((index) => {
    const unit = units[index]!;
    const next = units[index + 1];
    const counts = unit.kind === "number" || (unit.kind === "noun" && unit.stem === "몇");
    // Only the nouns the references number (게이트): 이 비행기 is "this plane".
    return counts && unit.particle === "" && next?.kind === "noun" && numbered.has(next.stem);
  });
}

export const labelCounter: Check = (context) => {
  const units = context.analysis.units;
  return unlabelledAt(context).flatMap((index): Issue[] => {
    const unit = units[index]!;
    const next = units[index + 1]!;
    const text = `${unit.surface} 번`;
    return [{ type: "counter", key: "counter.label", found: `${unit.surface} ${next.surface}`, expected: `${text} ${next.surface}`, sure: true, fix: { kind: "replace", unit: index, text }, params: { counter: "번" } }];
  });
};

/**
 * Two nouns the wrong way round (자리 창가, 집 친구): the lexicon knows them the other way as one
 * word (창가 자리, 친구 집), the way Korean puts what describes or owns first.
 */
/** Nouns that only follow another word (제 거, 큰 것, 이쪽). */
const DEPENDENT_NOUNS = new Set(["거", "것", "쪽", "번", "분", "수"]);

/** The compound two nouns make the other way round (자리 창가 -> 창가자리), if the lexicon knows it. */
export function reversedCompound(context: CheckContext, index: number): string | undefined {
  const unit = context.analysis.units[index];
  const next = context.analysis.units[index + 1];
  if (unit?.kind !== "noun" || next?.kind !== "noun" || unit.particle !== "" || unit.known === "unknown") return undefined;
  // 제 거 is "mine", not 거제 the wrong way round: pronouns and nouns that lean on another stay as said.
  if ([unit.stem, next.stem].some((stem) => PRONOUNS.has(stem) || DEPENDENT_NOUNS.has(stem))) return undefined;
  if (context.lexicon.nouns.has(unit.stem + next.stem) || !context.lexicon.nouns.has(next.stem + unit.stem)) return undefined;
  // The head put first is a plain noun (자리, 집); a drink then its option (아메리카노 아이스) is how menus list it.
  const generic = [...unit.categories].every((category) => category === "everyday");
  return generic ? next.stem + unit.stem : undefined;
}

export const modifierOrder: Check = (context) => {
  const units = context.analysis.units;
  return units.flatMap((unit, index): Issue[] => {
    const next = units[index + 1];
    const compound = reversedCompound(context, index);
    if (compound === undefined || next?.kind !== "noun") return [];
    const text = `${context.lexicon.spelled.get(compound) ?? compound}${next.particle}`;
    return [{ type: "vocabulary", key: "order.modifier", found: `${unit.surface} ${next.surface}`, expected: text, sure: true, fix: { kind: "replace", unit: index, text, covers: 2 } }];
  });
};
