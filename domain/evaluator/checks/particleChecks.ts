import type { Located } from "../analyze.ts";
import { fills, finalPredicate, type SlotFrame } from "../frame.ts";
import type { Issue } from "../issues.ts";
import { caseOf, formFor } from "../korean/particles.ts";
import { finalUnit, indexOf, MOTION_MEANINGS, nouns, PRONOUNS, type Check, type CheckContext, type NounUnit } from "./context.ts";

/**
 * Checks of particle roles: which case each noun takes in the learner's sentence, from what
 * its predicate means, what the verb takes, what the slot's references put after it, and what
 * kind of word it is (a place, a point or length of time, a thing that is there).
 */

/** 여기, 거기, 저기, 어디: places, whose particles follow the predicate like any place's (여기에 있어요, not 여기에서). */
const PLACE_WORDS = new Set(["여기", "거기", "저기", "어디"]);

/** Particles a predicate's arguments cannot take: 이/가 on what you ask for, 에서 for where you go. */
const WRONG_CASES: Record<string, readonly string[]> = {
  give: ["이", "가", "에", "에서", "의"],
  request: ["이", "가", "에", "에서", "의"],
  want: ["이", "가", "에", "에서"],
  do: ["에", "에서", "이", "가"],
  pay: ["에", "에서", "이", "가"],
  go: ["에서", "이", "가"],
  come: ["이", "가"],
  be: ["을", "를", "에", "에서", "로", "으로"],
  exist: ["을", "를", "로", "으로", "에서"],
  not_exist: ["을", "를", "로", "으로"],
};

function contextMeaning(context: CheckContext): string | undefined {
  const predicate = finalPredicate(context.analysis);
  if (predicate) return predicate.form.meaning;
  const last = finalUnit(context);
  if (last?.kind === "noun" && /^(이에요|예요|이예요|입니다|에요)$/u.test(last.particle)) return "be";
  const refs = context.frame.references.map(finalPredicate).filter((p) => p !== undefined);
  return refs[0]?.form.meaning;
}

function replacementCase(context: CheckContext, unit: NounUnit): string {
  const predicate = finalPredicate(context.analysis)?.form;
  if (predicate?.transitive && ["이", "가"].includes(caseOf(unit.particle))) return formFor(unit.stem, "을");
  const slot = context.frame.slots.find((s) => fills(s, unit));
  const allowed = [...(slot?.slot.particles ?? []), ...(slot ? [...slot.particles] : [])].filter((p) => p !== "");
  const meaningNow = contextMeaning(context);
  if (meaningNow === "be") return formFor(unit.stem, "이");
  // Where something is (or is not) takes 에: 주머니에서 아무것도 없어요 -> 주머니에.
  if (caseOf(unit.particle) === "에서" && (meaningNow === "exist" || meaningNow === "not_exist")) return "에";
  if (allowed[0]) return formFor(unit.stem, allowed[0]);
  // 주문을 잘못 나왔어요, 커피를 맛있어요: a verb without an object has a subject instead.
  const objectCase = ["을", "를"].includes(caseOf(unit.particle));
  return objectCase && predicate && !predicate.transitive && predicate.wrongParticles?.some((p) => p === "을" || p === "를") ? formFor(unit.stem, "이") : "";
}

/** Asking (버려 주세요) or promising (바꿀게요): the subject is the listener or the speaker, never a noun with 이/가. */
const ACTOR_MOODS = new Set(["request", "intent", "wish", "can", "suggest", "permit", "must"]);

/** Particles that say where or which way (에, 에서, (으)로): one for another says another place. */
const LOCATIVES = new Set(["에", "에서", "로", "으로"]);

function wrongParticlesOf(context: CheckContext, meaningNow: string | undefined, unit: NounUnit): string[] {
  const predicate = finalPredicate(context.analysis);
  const inClause = predicate !== undefined && inFinalClause(context, unit, predicate);
  const own = inClause ? (predicate.form.wrongParticles ?? []) : [];
  const object = predicate?.form.transitive && ACTOR_MOODS.has(predicate.form.mood) && inClause ? ["이", "가"] : [];
  return [...(meaningNow ? (WRONG_CASES[meaningNow] ?? []) : []), ...own, ...object];
}

/** 노트북이 있어요. 지금 꺼낼게요: 노트북이 belongs to the first sentence, not to 꺼낼게요. */
function inFinalClause(context: CheckContext, unit: NounUnit, predicate: Located): boolean {
  const units = context.analysis.units;
  const at = units.indexOf(unit);
  // A clause in between ends with a verb, a question inside the sentence (어디인지) or a modifier (홍대에 있는 게스트하우스).
  const ends = (u: Located) => u.kind === "verb" || (u.kind === "noun" && (/인지$/u.test(u.surface) || u.categories.has("modifier")));
  return !units.slice(at + 1, units.indexOf(predicate)).some(ends);
}

/** Meanings that say what something is or how it is, rather than what someone does. */
const STATES = new Set(["be", "not_be", "exist", "not_exist", "good", "fine", "become", "tasty", "not_tasty", "need", "seem", "fit", "delayed", "cancelled"]);

/** Slot kinds that are places: 에 and 에서 on them say where, as they should. */
const PLACE_KINDS = new Set(["place_kr", "place_world", "airport_place", "lodging", "gate", "seat_window", "seat_aisle", "seat_other"]);

/** 노트북에 있어요 for 노트북이 있어요: 에 or 에서 makes the thing asked about a place, where no reference does. */
function placedItem(slot: SlotFrame | undefined, particle: string): boolean {
  if (!slot || (particle !== "에" && particle !== "에서") || [...slot.categories].some((c) => PLACE_KINDS.has(c))) return false;
  return ![...slot.particles, ...(slot.slot.particles ?? [])].some((p) => LOCATIVES.has(p));
}

/** The same for a noun of the references when the activity names no slot for it. */
function placedReferenceNoun(context: CheckContext, unit: NounUnit, particle: string): boolean {
  if ((particle !== "에" && particle !== "에서") || [...unit.categories].some((c) => PLACE_KINDS.has(c))) return false;
  const uses = context.frame.references.flatMap((r) => r.units.filter((u): u is Located<Extract<typeof u, { kind: "noun" }>> => u.kind === "noun" && u.stem === unit.stem));
  return uses.length > 0 && !uses.some((u) => LOCATIVES.has(caseOf(u.particle)));
}

/** Lengths of time stay or last without a particle: 일주일 있을 거예요 (일주일에 is "per week"). */
const LASTING = new Set(["exist", "stay"]);

/**
 * The particle a kind of word takes instead of the learner's: a point in time takes 에 (몇 시를
 * -> 몇 시에), a length of time none (일주일에 있을 거예요 -> 일주일 있을 거예요).
 */
function caseForKind(context: CheckContext, unit: NounUnit, meaningNow: string | undefined): string | undefined {
  const particle = caseOf(unit.particle);
  if (context.lexicon.times.has(unit.stem) && (particle === "을" || particle === "를")) return "에";
  // 몇 시가 탑승해요?: a time is the subject only of what is (몇 시예요?, 몇 시가 좋아요?), not of an action.
  if (context.lexicon.times.has(unit.stem) && (particle === "이" || particle === "가") && !STATES.has(meaningNow ?? "")) return "에";
  if (unit.categories.has("duration") && particle === "에" && LASTING.has(meaningNow ?? "")) return "";
  return undefined;
}

/** 베트남에 왔어요 where the slot says 에서: a locative (or 을/를) the slot's own locatives do not include. */
function otherLocative(slotAllows: readonly string[] | undefined, particle: string): boolean {
  // 아이스를 주세요 where the choice is made with (으)로: the object particle names another thing.
  if (!slotAllows || !(LOCATIVES.has(particle) || particle === "을" || particle === "를") || slotAllows.length === 0) return false;
  const cases = slotAllows.map((p) => (p === "으로" ? "로" : p));
  return cases.every((p) => LOCATIVES.has(p)) && !cases.includes(particle === "으로" ? "로" : particle);
}

export const particleRoles: Check = (context) => {
  const meaningNow = contextMeaning(context);
  return nouns(context).flatMap((unit): Issue[] => {
    const wrong = wrongParticlesOf(context, meaningNow, unit);
    const missing = missingParticle(context, unit);
    if (missing) return [missing];
    const placeWord = PLACE_WORDS.has(unit.stem);
    if ((PRONOUNS.has(unit.stem) && !placeWord) || (unit.stem === "어디" && meaningNow === "be") || unit.particle === "") return [];
    const particle = caseOf(unit.particle);
    const slot = context.frame.slots.find((s) => fills(s, unit));
    const slotAllows = slot?.slot.particles;
    const badForSlot = slotAllows !== undefined && particle !== "" && !slotAllows.includes(particle) && !["은", "는", "도", "만"].includes(particle) && formFor(unit.stem, particle) === particle && !slotAllows.includes(formFor(unit.stem, slotAllows[0] ?? ""));
    // 여행을 가요, 여행을 왔어요: 을/를 on a motion verb names its purpose; on a place (서울을 가요) it is wrong.
    const placeObject = MOTION_MEANINGS.has(meaningNow ?? "") && (particle === "을" || particle === "를") && slot !== undefined;
    const kindCase = caseForKind(context, unit, meaningNow);
    const existing = (meaningNow === "exist" || meaningNow === "not_exist") && !PLACE_WORDS.has(unit.stem);
    const item = existing && (placedItem(slot, particle) || (!slot && placedReferenceNoun(context, unit, particle)));
    const misplaced = item || otherLocative(slotAllows, particle);
    if (!wrong.includes(particle) && !badForSlot && !placeObject && !misplaced && kindCase === undefined) return [];
    // The thing that is (or is not) there is the subject: 노트북에 있어요 -> 노트북이 있어요.
    const itemCase = item ? formFor(unit.stem, "이") : undefined;
    const replacement = kindCase ?? itemCase ?? replacementCase(context, unit);
    const tail = unit.particle.endsWith("요") && particle !== "" ? "요" : "";
    const text = bodyOf(unit) + replacement + tail;
    return [{ type: "particle", key: particle === "에서" && meaningNow === "go" ? "particle.destination" : "particle.role", found: unit.surface, expected: text, sure: true, fix: { kind: "replace", unit: indexOf(context, unit), text }, params: { particle: replacement } }];
  });
};

/**
 * A slot whose particle the lesson marks required (카드로 할게요, 아메리카노로 바꿔 주세요) keeps
 * it before a bare 하다 or a verb that takes an object: 카드 할게요 and 아메리카노를 바꿔 주세요
 * miss it, while 카드 결제할게요 (a compound) does not.
 */
function missingParticle(context: CheckContext, unit: NounUnit): Issue | undefined {
  const slot = context.frame.slots.find((s) => s.slot.particleRequired && fills(s, unit));
  const predicate = finalPredicate(context.analysis);
  const wanted = slot?.slot.particles?.[0];
  // With a verb that takes an object (바꿔 주세요), the slot's word without its particle is the object: another meaning.
  const objectVerb = predicate?.form.lemma === "하다" || predicate?.form.transitive === true;
  if (!slot || !wanted || !objectVerb || !["", "을", "를"].includes(unit.particle)) return undefined;
  // 아메리카노 아이스로: the word after it carries the particle for both.
  const next = context.analysis.units[indexOf(context, unit) + 1];
  if (unit.particle === "" && next?.kind === "noun" && next.particle !== "" && slot.particles.has(caseOf(next.particle))) return undefined;
  const text = bodyOf(unit) + formFor(unit.stem, wanted);
  return { type: "particle", key: "particle.missing", found: unit.surface, expected: text, sure: true, fix: { kind: "replace", unit: indexOf(context, unit), text }, params: { particle: formFor(unit.stem, wanted) } };
}

/** The noun as the learner wrote it (with their spacing), without its particle. */
function bodyOf(unit: NounUnit): string {
  return unit.surface.slice(0, unit.surface.length - unit.particle.length);
}

