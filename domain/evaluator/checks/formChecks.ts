import { takesVowelForm } from "../korean/hangul.ts";
import { countingForm, LABEL_UNIT, NATIVE_UNITS, sino, SINO_UNITS } from "../numbers.ts";
import type { Located, Unit } from "../analyze.ts";
import { caseOf, endsPolitely, formFor, isCasualCopula, isCopula, politeMarkerFor, rightForm } from "../korean/particles.ts";
import { spacedForm } from "../correct.ts";
import { numberedNouns } from "./grammarChecks.ts";
import type { Issue } from "../issues.ts";
import { finalUnit, indexOf, nouns, verbs, type Check, type CheckContext } from "./context.ts";

/** Checks of form: speech level, honorifics, particles, numbers and counters. */

const CASUAL_INTERJECTIONS: Record<string, string> = { casual_yes: "네", casual_no: "아니요" };

/** 반말 words (응, 아니), casual expressions (안녕, 고마워) and casual predicates (줘, 간다, 계산하다). */
export const speechLevel: Check = (context) => {
  const issues: Issue[] = [];
  for (const unit of context.analysis.units) {
    if (unit.kind !== "expression") continue;
    const polite = CASUAL_INTERJECTIONS[unit.expression.type] ?? unit.expression.polite;
    if (polite) issues.push(casual(context, unit.surface, polite, indexOf(context, unit)));
  }
  if (context.activity.politeness === "any") return issues;
  const last = finalUnit(context);
  if (!last) return issues;
  if (last.kind === "verb" && (last.form.level === "casual" || last.form.level === "plain")) {
    issues.push(casual(context, last.surface, askedFor(context, last.form) ?? last.form.polite, indexOf(context, last)));
  } else if (last.kind === "verb" && last.form.level === "polite" && context.activity.politeness === "formal") {
    issues.push({ type: "formality", key: "formality.needs_formal", found: last.surface, expected: last.surface, sure: false, fix: { kind: "none" } });
  } else if ((last.kind === "noun" || last.kind === "counter" || last.kind === "number") && !endsPolitely(particleOf(last))) {
    issues.push(fragment(context, last));
  }
  return issues;
};

/** 샷 추가해 where the references ask (추가해 주세요): the polite request, not the statement 추가해요. */
function askedFor(context: CheckContext, form: { lemma: string; mood: string; polite: string }): string | undefined {
  const saidByReferences = context.frame.references.some((r) => r.units.some((u) => u.kind === "verb" && u.surface === form.polite));
  if (form.mood !== "state" || saidByReferences) return undefined;
  const requests = context.lexicon.formsOf.get(form.lemma)?.filter(([, f]) => f.mood === "request") ?? [];
  const asked = context.frame.references.some((r) => r.units.some((u) => u.kind === "verb" && u.form.lemma === form.lemma && u.form.mood === "request"));
  const request = requests[0]?.[0];
  return asked && request ? spacedForm(request) : undefined;
}

function particleOf(unit: { kind: string; particle?: string }): string {
  return unit.particle ?? "";
}

function casual(context: CheckContext, found: string, expected: string, unit: number): Issue {
  return { type: "formality", key: "formality.casual", found, expected, sure: true, fix: { kind: "replace", unit, text: expected } };
}

/** A bare noun or number as the whole answer sounds abrupt to staff; 요/이요 makes it polite. */
function fragment(context: CheckContext, unit: NonNullable<ReturnType<typeof finalUnit>>): Issue {
  const particle = unit.kind === "noun" || unit.kind === "counter" || unit.kind === "number" ? unit.particle : "";
  const stem = unit.surface.slice(0, unit.surface.length - particle.length);
  const copula = isCasualCopula(particle) || (particle === "" && context.frame.meanings.has("be") && !context.frame.meanings.has("fragment"));
  const expected = copula ? stem + formFor(stem, "이에요") : `${stem}${particle}${politeMarkerFor(stem, particle)}`;
  return { type: "formality", key: isCasualCopula(particle) ? "formality.casual" : "formality.fragment", found: unit.surface, expected, sure: true, fix: { kind: "replace", unit: indexOf(context, unit), text: expected } };
}

/** Requests honour the listener (주세요); anything else with -(으)시- honours the learner or a thing. */
const LISTENER_ACTIONS = new Set(["give", "show", "tell", "greet"]);

export const honorifics: Check = (context) =>
  verbs(context).flatMap((unit): Issue[] => {
    const { form } = unit;
    const index = indexOf(context, unit);
    // 주세요, 주시겠어요, 주실래요 ask the listener to act; 주실게요 promises the listener's act.
    const requestOk = LISTENER_ACTIONS.has(form.meaning) && !/실게요$|실께요$/u.test(unit.surface) && form.mood !== "past";
    if (form.mood === "double") {
      const fixed = unit.surface.replace(/시세요$/u, "세요");
      return [{ type: "grammar", key: "honorific.double", found: unit.surface, expected: fixed, sure: true, fix: { kind: "replace", unit: index, text: fixed } }];
    }
    if (form.honorific && !requestOk) {
      const plain = drinkingPlain(context, form.plain) ?? form.plain;
      return [{ type: "formality", key: "honorific.self", found: unit.surface, expected: plain, sure: true, fix: { kind: "replace", unit: index, text: plain } }];
    }
    const asksForSomething = (context.frame.meanings.has("give") || context.frame.meanings.has("request")) && !["pay", "do", "exist"].some((m) => context.frame.meanings.has(m));
    if (form.humble && form.meaning === "give" && asksForSomething) {
      return [{ type: "grammar", key: "honorific.humble_request", found: unit.surface, expected: "주세요", sure: true, fix: { kind: "replace", unit: index, text: "주세요" } }];
    }
    return [];
  });

/**
 * 드시다 honours both eating and drinking; un-honoured where the references mostly drink
 * (마실게요), it is 마시다, not 먹다.
 */
function drinkingPlain(context: CheckContext, plain: string): string | undefined {
  if (!plain.startsWith("먹")) return undefined;
  const saying = (prefix: string) => context.frame.references.filter((r) => r.units.some((u) => u.kind === "verb" && u.form.lemma.startsWith(prefix))).length;
  if (saying("마시") <= saying("먹")) return undefined;
  const eating = context.lexicon.verbs.get(plain.replace(/ /g, ""));
  if (!eating) return undefined;
  const drinking = context.lexicon.formsOf.get(eating.lemma.replace(/^먹/u, "마시"))?.find(([, f]) => f.mood === eating.mood && f.level === eating.level && !f.honorific)?.[0];
  return drinking === undefined ? undefined : spacedForm(drinking);
}

/** 어디세요, 탑승구이세요: the honorific copula honours a person, never a place or a thing. */
export const honorificCopula: Check = (context) =>
  nouns(context).flatMap((unit): Issue[] => {
    if (unit.particle !== "세요" && unit.particle !== "이세요") return [];
    const expected = unit.surface.slice(0, unit.surface.length - unit.particle.length) + formFor(unit.stem, "이에요");
    return [{ type: "formality", key: "honorific.self", found: unit.surface, expected, sure: true, fix: { kind: "replace", unit: indexOf(context, unit), text: expected } }];
  });

/** Particle forms for the noun's last sound (카드으로, 현금로, 여권가, 개이에요, 카드이요). */
export const particleForms: Check = (context) =>
  [...nouns(context), ...context.analysis.units.filter((u) => u.kind === "counter")].flatMap((unit): Issue[] => {
    if (unit.kind !== "noun" && unit.kind !== "counter") return [];
    const stem = unit.kind === "noun" ? unit.stem : unit.counter;
    // 이예요 after a consonant is the copula misspelt (여행이예요 -> 여행이에요); after a vowel, the wrong form.
    // Teachers count it with the copula's forms (particle), though it is a spelling slip.
    if (unit.particle === "이예요" && !takesVowelForm(stem)) return [formIssue(context, unit, "이에요", "particle", "copula.spelling")];
    const right = unit.particle === "에요" && context.frame.meanings.has("be") ? formFor(stem, "예요") : rightForm(stem, unit.particle);
    if (right === undefined || right === unit.particle) {
      return unit.particle === "이예요" ? [formIssue(context, unit, formFor(stem, "이에요"), "particle", "copula.spelling")] : [];
    }
    const key = isCopula(unit.particle) || unit.particle === "에요" ? "copula.form" : /요$/u.test(unit.particle) && caseOf(unit.particle) === "" ? "polite.form" : "particle.form";
    return [formIssue(context, unit, right, "particle", key)];
  });

function formIssue(context: CheckContext, unit: Parameters<typeof indexOf>[1] & { surface: string; particle: string }, right: string, type: Issue["type"], key: string): Issue {
  // The learner's own spelling and spacing of the noun, with the right particle.
  const expected = unit.surface.slice(0, unit.surface.length - unit.particle.length) + right;
  return { type, key, found: unit.surface, expected, sure: true, fix: { kind: "replace", unit: indexOf(context, unit), text: expected }, params: { particle: right } };
}

/** Native counters take native numbers in counting form: 한 잔, not 일 잔 or 하나 잔. */
export const counters: Check = (context) => {
  const units = context.analysis.units;
  const numbered = numberedNouns(context);
  return units.flatMap((unit, index): Issue[] => {
    if (unit.kind !== "number" || units[index + 1]?.kind !== "counter") return [];
    // 이십칠 개 게이트: the number is right for the gate; the counter is the error (confusedUnits).
    const after = units[index + 2];
    if (after?.kind === "noun" && numbered.has(after.stem)) return [];
    const expected = countingForm(unit.number.value);
    if (unit.number.form === "counting" || expected === unit.surface) return [];
    const key = unit.number.form === "sino" ? "counter.sino" : "counter.full_form";
    const counter = units[index + 1]!.kind === "counter" ? (units[index + 1] as { counter: string }).counter : "";
    return [{ type: "counter", key, found: unit.surface, expected, sure: true, fix: { kind: "replace", unit: index, text: expected }, params: { counter } }];
  });
};


/**
 * The number system a unit takes: days, floors, months, money and labels (27번 게이트) are
 * Sino-Korean (오 일, not 다섯 일); hours are native (두 시, not 이 시).
 */
export const numberSystems: Check = (context) => {
  const units = context.analysis.units;
  return units.flatMap((unit, index): Issue[] => {
    if (unit.kind !== "number" || unit.particle !== "") return [];
    const unitWord = unitAfter(units[index + 1], units[index + 2]);
    if (unitWord === undefined) return [];
    const native = (NATIVE_UNITS as readonly string[]).includes(unitWord);
    if (native === (unit.number.form !== "sino")) return [];
    if (native && unit.number.value > 24) return [];
    const expected = native ? countingForm(unit.number.value) : sino(unit.number.value);
    const key = native ? "counter.sino" : "counter.native";
    return [{ type: "counter", key, found: unit.surface, expected, sure: true, fix: { kind: "replace", unit: index, text: expected }, params: { counter: unitWord } }];
  });
};

/** The unit a number counts, when it is one whose number system is fixed. */
function unitAfter(next: Located<Unit> | undefined, after: Located<Unit> | undefined): string | undefined {
  if (!next) return undefined;
  // 일 after a number is read as a number itself (다섯 일): it is the day.
  if (next.kind === "number") return next.number.value === 1 && next.number.form === "sino" && next.surface.startsWith("일") ? "일" : undefined;
  const word = next.kind === "noun" ? next.stem : next.kind === "unknown" ? next.surface : undefined;
  if (word === undefined) return undefined;
  if (word === LABEL_UNIT) return after?.kind === "noun" && after.known !== "unknown" ? word : undefined;
  return [...SINO_UNITS, ...NATIVE_UNITS].includes(word as never) ? word : undefined;
}
