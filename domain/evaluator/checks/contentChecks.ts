import { CONFUSED_UNITS, countingForm, DURATION_UNITS } from "../numbers.ts";
import { caseOf, formFor } from "../korean/particles.ts";
import { fills, finalPredicate, type SlotFrame } from "../frame.ts";
import { numberedNouns, reversedCompound, unlabelledAt } from "./grammarChecks.ts";
import type { Fix, Issue } from "../issues.ts";
import { indexOf, MOTION_MEANINGS, nouns, PRONOUNS, verbs, type Check, type CheckContext, type NounUnit } from "./context.ts";

/** Checks of content: the slots are filled, the predicate means what the activity asks, word order. */

const VERB_CATEGORIES: Record<string, string> = { greet: "expression:greeting", thank: "expression:thanks", apologise: "expression:apology" };

const QUESTION_SLOT_WORDS = new Set(["어디", "몇번", "몇", "언제", "뭐", "무엇", "어느", "어떻게"]);

function slotFilled(context: CheckContext, slot: SlotFrame): boolean {
  if (context.analysis.units.some((unit) => fills(slot, unit))) return true;
  if (slot.categories.has("duration") && saysDuration(context)) return true;
  if (slot.categories.has("travel_purpose") && saysPurpose(context)) return true;
  // 집 친구 for 친구 집, 몇 게이트 for 몇 번 게이트: the slot is said, in a form other checks name.
  if (context.analysis.units.some((_, index) => [...slot.categories].some((c) => context.lexicon.nouns.get(reversedCompound(context, index) ?? "")?.has(c)))) return true;
  if ([...slot.words].some((word) => /번$/u.test(word)) && unlabelledAt(context).length > 0) return true;
  if (verbs(context).some((unit) => slot.categories.has(VERB_CATEGORIES[unit.form.meaning] ?? "") || slot.words.has(unit.surface) || slot.verbMeanings.has(unit.form.meaning))) return true;
  const said = context.analysis.words.join("").replace(/ /g, "");
  if ([...slot.words].some((word) => word.length > 1 && said.includes(word))) return true;
  // 몇 개 게이트 for 몇 번 게이트: the slot is said, with a unit swapped (confusedUnits names it).
  if (CONFUSED_UNITS.some(([used, meant]) => [...slot.words].some((word) => word.includes(meant) && said.includes(word.replace(meant, used).replace(/ /g, ""))))) return true;
  // "Tell me (the gate)" asks as well as "where is (the gate)".
  const askingWords = [...slot.words].every((word) => QUESTION_SLOT_WORDS.has(word));
  if (askingWords && verbs(context).some((v) => v.form.meaning === "tell" || v.form.meaning === "show")) return true;
  // Any question word asks: 어떻게 가요? asks the way as 어디예요? asks the place.
  if (askingWords && context.analysis.question && [...slot.words, "어떻게", "어느"].some((word) => said.includes(word))) return true;
  return plausibleFiller(context, slot);
}

/** A number and a unit of time (다섯 일, 삼 주, 두 달): a length of time, whatever its number system. */
function saysDuration(context: CheckContext): boolean {
  const units = context.analysis.units;
  return units.some((unit, index) => {
    const next = units[index + 1];
    if (unit.kind !== "number" || unit.particle !== "" || !next) return false;
    const word = next.kind === "noun" ? next.stem : next.kind === "number" ? next.surface.replace(/(이요|이에요|입니다)$/u, "") : next.surface;
    return (DURATION_UNITS as readonly string[]).includes(word) || (DURATION_UNITS as readonly string[]).some((u) => next.kind === "unknown" && next.surface.startsWith(u));
  });
}

/** A clause that says why one comes (배우러 왔어요, 먹고 싶어서 왔어요): a purpose, whatever its verb. */
function saysPurpose(context: CheckContext): boolean {
  const units = context.analysis.units;
  return units.some((unit, index) => {
    const next = units[index + 1];
    const motion = next?.kind === "verb" && ["come", "go", "visit"].includes(next.form.meaning);
    const clause = unit.kind === "verb" ? ["sequence", "reason"].includes(unit.form.mood) || /러$/u.test(unit.surface) : /\p{Script=Hangul}(으)?러$/u.test(unit.surface);
    return motion && clause;
  }) || verbs(context).some((v) => /러 ?[오와왔가갔]/u.test(v.surface));
}

/**
 * A noun the lexicon lacks, in the slot's place (칸다하르에 가요, 말차 프라페 한 잔): a real word
 * is far more likely than a made-up one, since misspellings of known words were caught first.
 * The verdict then passes with low confidence, so a second opinion is asked when one is set up.
 */
function plausibleFiller(context: CheckContext, slot: SlotFrame): boolean {
  if (slot.categories.size === 0) return false;
  const units = context.analysis.units;
  return units.some((unit, index) => {
    const next = units[index + 1];
    if (unit.kind === "unknown") return /^\p{Script=Hangul}+$/u.test(unit.surface) && next?.kind === "number";
    if (unit.kind !== "noun" || unit.known === "lexicon" || PRONOUNS.has(unit.stem)) return false;
    // A real word the lexicon does not place (여행, 창고) fills a slot only with the slot's own particle.
    const particle = caseOf(unit.particle);
    const allowed = slot.particles.has(particle) && (particle !== "" || unit.known === "unknown");
    return allowed || next?.kind === "number";
  });
}

/** A noun the lexicon lacks (푸꾸옥에, 치앙라이로): it may well be the slot's word. */
function hasUnknownNoun(context: CheckContext): boolean {
  return nouns(context).some((unit) => unit.known !== "lexicon" && !PRONOUNS.has(unit.stem)) || context.analysis.units.some((u) => u.kind === "unknown");
}

export const slots: Check = (context) =>
  context.frame.slots.flatMap((slot): Issue[] => {
    if (slot.slot.counter !== undefined) return quantity(context, slot.slot.counter);
    if (slotFilled(context, slot)) return [];
    const sure = !hasUnknownNoun(context);
    const params = { slot_en: slot.slot.label.en, slot_id: slot.slot.label.id, slot_vi: slot.slot.label.vi };
    const word = slot.slot.words[0] ?? "";
    const other = misplacedNoun(context, slot);
    if (other && word !== "" && slot.categories.size > 0) {
      const text = replacementFor(context, word, other);
      return [{ type: "vocabulary", key: "content.wrong_word", found: other.surface, expected: text, sure, fix: { kind: "replace", unit: indexOf(context, other), text }, params }];
    }
    return [{ type: "vocabulary", key: "content.missing", found: "", expected: word, sure, fix: insertion(context, slot, word), params }];
  });

/**
 * A content noun that fills no slot of the activity: the learner's word where the slot's
 * belongs (화장실 for 탑승구). Not when the answer is about something else altogether (it
 * counts things the activity does not count), nor for slots that expressions fill.
 */
function misplacedNoun(context: CheckContext, slot: SlotFrame): NounUnit | undefined {
  if ([...slot.categories].some((c) => c.startsWith("expression:"))) return undefined;
  const counts = context.analysis.units.some((u) => u.kind === "counter" || u.kind === "number");
  if (counts && !context.frame.slots.some((s) => s.slot.counter !== undefined)) return undefined;
  const candidates = nouns(context).filter((unit) => !PRONOUNS.has(unit.stem) && unit.stem !== "어디" && unit.known !== "unknown" && !context.frame.slots.some((s) => fills(s, unit)));
  const [first, second] = candidates;
  // 창고 자리로: the word before a head noun (자리, 쪽) is the one in the slot's place; the head stays.
  const word = slot.slot.words[0]?.replace(/ /g, "") ?? "";
  const adjacent = candidates.length === 2 && first!.particle === "" && context.analysis.units.indexOf(second!) === context.analysis.units.indexOf(first!) + 1;
  if (adjacent && context.lexicon.nouns.has(word + second!.stem)) return first;
  return candidates.length === 1 && first!.known === "lexicon" ? first : undefined;
}

/**
 * The slot's word in the misplaced noun's place, keeping a head noun the lexicon knows a
 * compound of (자리 -> 창가 자리, 비상구 자리로 -> 창가 자리로) and the particle.
 */
function replacementFor(context: CheckContext, word: string, other: NounUnit): string {
  const heads = [other.stem, ...[...other.stem].map((_, i) => other.stem.slice(i + 1)).filter((h) => h.length > 0)];
  const head = heads.find((h) => context.lexicon.nouns.has(word + h));
  const stem = head ? `${context.lexicon.spelled.get(word + head) ?? word + head}` : word;
  const particle = caseOf(other.particle);
  if (particle === "") return stem + formFor(stem, other.particle);
  return stem + formFor(stem, particle) + other.particle.slice(particle.length);
}

/**
 * The slot's word put where it belongs in the learner's own sentence: before the quantity
 * (한 잔 주세요 -> 아메리카노 한 잔 주세요) or, with its particle, before the predicate
 * (계산할게요 -> 카드로 계산할게요). Otherwise a reference answer.
 */
function insertion(context: CheckContext, slot: SlotFrame, word: string): Fix {
  const units = context.analysis.units;
  if (units.some((u) => u.kind === "noun" && !PRONOUNS.has(u.stem))) return { kind: "reference" };
  const number = units.findIndex((u) => u.kind === "number");
  const counts = context.frame.slots.some((s) => s.slot.counter !== undefined);
  if (number >= 0 && counts && slot.slot.particles === undefined) return { kind: "replace", unit: number, text: `${word} ${units[number]!.surface}` };
  const predicate = finalPredicate(context.analysis);
  const particle = slot.slot.particles?.[0];
  if (!predicate || particle === undefined) return { kind: "reference" };
  return { kind: "replace", unit: indexOf(context, predicate), text: `${word}${formFor(word, particle)} ${predicate.surface}` };
}

/** Quantities: a number with the activity's counter, a bare native number (하나), or "none" (없어요). */
function quantity(context: CheckContext, counter: string): Issue[] {
  const units = context.analysis.units;
  const counted = units.findIndex((u) => u.kind === "counter");
  if (counted >= 0) {
    const unit = units[counted]!;
    if (unit.kind !== "counter" || unit.counter === counter) return [];
    const text = counter + unit.particle;
    return [{ type: "counter", key: "counter.wrong", found: unit.surface, expected: text, sure: true, fix: { kind: "replace", unit: counted, text }, params: { counter } }];
  }
  const number = units.findIndex((u) => u.kind === "number");
  const none = verbs(context).some((v) => v.form.meaning === "not_exist");
  if (none) return [];
  if (number >= 0) {
    const unit = units[number]!;
    if (unit.kind !== "number" || unit.number.form === "full") return [];
    const text = `${countingForm(unit.number.value)} ${counter}`;
    return [{ type: "counter", key: "counter.missing", found: unit.surface, expected: text, sure: unit.number.form === "counting", fix: { kind: "replace", unit: number, text }, params: { counter } }];
  }
  const item = nouns(context).find((n) => !PRONOUNS.has(n.stem));
  // The quantity follows the noun, particle and all: 가방이 한 개 있어요, 아메리카노 한 잔 주세요.
  const fix = item ? { kind: "replace" as const, unit: indexOf(context, item), text: `${item.surface} 한 ${counter}` } : { kind: "reference" as const };
  return [{ type: "counter", key: "counter.missing", found: "", expected: `한 ${counter}`, sure: !hasUnknownNoun(context), fix, params: { counter } }];
}

/** Predicates that say the opposite of what was asked: 와요 for 가요, "I am in Seoul" for "I go to Seoul". */
const OPPOSITE: Record<string, readonly string[]> = { go: ["come", "exist"], come: ["go"], exist: ["not_exist"], greet: ["farewell"], not_be: ["not_exist"] };

/** Asking for something (주세요) where the learner should give or say something. */
const ASKS_FOR = new Set(["give", "request"]);
/** Meanings that all answer a request (order, seat, payment): 주세요, 할게요, 부탁해요, 원해요. */
const REQUESTS = new Set(["give", "request", "do", "want", "buy", "drink", "eat", "good", "pay", "check_in", "send", "fine"]);

export const meaning: Check = (context) => {
  const issues: Issue[] = [];
  const expected = context.frame.meanings;
  const predicate = finalPredicate(context.analysis);
  const hasQuantity = context.frame.slots.some((s) => s.slot.counter !== undefined);
  if (predicate && expected.size > 0 && !expected.has(predicate.form.meaning) && !(hasQuantity && predicate.form.meaning === "not_exist")) {
    const wanted = [...expected].find((m) => OPPOSITE[m]?.includes(predicate.form.meaning));
    if (wanted) issues.push(wrongVerb(context, predicate, wanted));
    else if (MOTION_MEANINGS.has(predicate.form.meaning) && [...expected].every((m) => REQUESTS.has(m) || m === "fragment")) {
      // 카드로 갈게요 for 카드로 할게요: going or coming answers no request.
      issues.push({ type: "vocabulary", key: "content.wrong_verb", found: predicate.surface, expected: finalPredicate(context.frame.references[0]!)?.surface ?? "", sure: false, fix: { kind: "reference" } });
    }
    else if (ASKS_FOR.has(predicate.form.meaning) && !predicate.form.humble && ![...expected].some((m) => REQUESTS.has(m))) {
      issues.push({ type: "vocabulary", key: "content.request", found: predicate.surface, expected: "", sure: false, fix: { kind: "reference" } });
    }
  }
  // 주실 수 있어요?, 한 잔 돼요?, 창가 자리 있어요? ask for something: a polite request, not a question instead of an answer.
  const asksPolitely = predicate !== undefined && ["become", "exist"].includes(predicate.form.meaning) && [...expected].some((m) => REQUESTS.has(m));
  const requesting = predicate !== undefined && (ASKS_FOR.has(predicate.form.meaning) || predicate.form.meaning === "tell" || predicate.form.meaning === "show" || ["can", "permit", "suggest"].includes(predicate.form.mood) || asksPolitely);
  if (context.analysis.question && !context.frame.question && !requesting) {
    issues.push({ type: "vocabulary", key: "content.question", found: context.analysis.words.join(" "), expected: "", sure: true, fix: { kind: "reference" } });
  }
  issues.push(...polarity(context, predicate));
  for (const unit of context.analysis.units) {
    if (unit.kind === "expression" && unit.expression.type === "farewell" && context.frame.expressionTypes.has("greeting")) {
      issues.push({ type: "vocabulary", key: "content.farewell", found: unit.surface, expected: "안녕하세요", sure: true, fix: { kind: "replace", unit: indexOf(context, unit), text: "안녕하세요" } });
    }
    if (unit.kind === "expression" && unit.expression.type === "foreign") {
      issues.push({ type: "other", key: "answer.not_korean", found: unit.surface, expected: "", sure: true, fix: { kind: "reference" } });
    }
  }
  return issues;
};

/** Words that need a negative predicate: 아무것도 없어요, not 아무것도 있어요. */
const NEGATIVE_ONLY = new Set(["아무것도", "아무도", "하나도", "전혀", "별로"]);
const NEGATIVE_MEANINGS = new Set(["not_exist", "not_be", "not_know", "not_tasty"]);

function polarity(context: CheckContext, predicate: ReturnType<typeof finalPredicate>): Issue[] {
  if (!predicate || NEGATIVE_MEANINGS.has(predicate.form.meaning)) return [];
  const negated = context.analysis.words.some((word) => word === "안" || word === "못");
  if (negated || !context.analysis.words.some((word) => NEGATIVE_ONLY.has(word))) return [];
  const opposite = predicate.form.opposite && (context.lexicon.formsOf.get(predicate.form.opposite) ?? []).find(([, f]) => f.level === predicate.form.level && f.mood === predicate.form.mood)?.[0];
  const fix = opposite ? { kind: "replace" as const, unit: indexOf(context, predicate), text: opposite } : { kind: "reference" as const };
  return [{ type: "vocabulary", key: "content.wrong_verb", found: predicate.surface, expected: opposite ?? "", sure: true, fix }];
}

/** How sure the meaning check can be that an unexpected predicate still answers the activity. */
export function meaningFits(context: CheckContext): boolean {
  const predicate = finalPredicate(context.analysis);
  const expected = context.frame.meanings;
  if (!predicate || expected.size === 0 || expected.has(predicate.form.meaning)) return true;
  return REQUESTS.has(predicate.form.meaning) && [...expected].some((m) => REQUESTS.has(m));
}

function wrongVerb(context: CheckContext, predicate: NonNullable<ReturnType<typeof finalPredicate>>, wanted: string): Issue {
  // The opposite verb in the learner's own form (돌아와요 -> 돌아가요), else the references' verb.
  const { form } = predicate;
  const oppositeWanted = form.opposite !== undefined && context.lexicon.lemmaMeanings.get(form.opposite) === wanted;
  const opposite = oppositeWanted ? (context.lexicon.formsOf.get(form.opposite!) ?? []).find(([, f]) => f.level === form.level && f.mood === form.mood && f.honorific === form.honorific)?.[0] : undefined;
  const reference = context.frame.references.map(finalPredicate).find((p) => p?.form.meaning === wanted);
  const text = opposite ?? reference?.surface ?? predicate.surface;
  return { type: "vocabulary", key: "content.wrong_verb", found: predicate.surface, expected: text, sure: true, fix: { kind: "replace", unit: indexOf(context, predicate), text } };
}

/** Forms that join a clause to the next (다 해서, 있는데): the sentence's verb comes later. */
const JOINING_MOODS = new Set(["connective", "sequence"]);

/** Korean counts after the noun (아메리카노 한 잔), and ends with the predicate. */
export const wordOrder: Check = (context) => {
  const units = context.analysis.units;
  const numbered = numberedNouns(context);
  const issues: Issue[] = [];
  units.forEach((unit, index) => {
    const next = units[index + 1];
    const after = units[index + 2];
    const compound = after !== undefined && units[index + 3]?.kind === "verb" && units[index + 3]?.word === after.word;
    // 이십칠 개 게이트: a gate's number comes first (the counter is what is wrong: confusedUnits).
    const label = after?.kind === "noun" && numbered.has(after.stem);
    if (unit.kind === "number" && next?.kind === "counter" && next.particle === "" && after?.kind === "noun" && after.known !== "unknown" && !compound && !label && !PRONOUNS.has(after.stem)) {
      const order = [...units.keys()];
      order.splice(index, 3, index + 2, index, index + 1);
      const expected = `${after.surface} ${unit.surface} ${next.surface}`;
      issues.push({ type: "vocabulary", key: "order.quantity", found: `${unit.surface} ${next.surface} ${after.surface}`, expected, sure: true, fix: { kind: "reorder", order } });
    }
  });
  units.forEach((unit, index) => {
    const number = units[index + 1];
    // 잔 한 아메리카노: the counter belongs after its number.
    if (unit.kind === "counter" && units[index - 1]?.kind !== "number" && number?.kind === "number") {
      const order = [...units.keys()];
      order.splice(index, 2, index + 1, index);
      issues.push({ type: "vocabulary", key: "order.quantity", found: `${unit.surface} ${number.surface}`, expected: `${number.surface} ${unit.surface}`, sure: true, fix: { kind: "reorder", order } });
    }
  });
  const lastVerb = units.findLastIndex((u) => u.kind === "verb" && !JOINING_MOODS.has(u.form.mood));
  const trailing = units.slice(lastVerb + 1).some((u) => u.kind === "noun" && !PRONOUNS.has(u.stem));
  if (lastVerb >= 0 && trailing && !context.spoken) {
    const order = [...units.keys()].filter((i) => i !== lastVerb).concat(lastVerb);
    issues.push({ type: "vocabulary", key: "order.verb_last", found: units[lastVerb]!.surface, expected: units[lastVerb]!.surface, sure: false, fix: { kind: "reorder", order } });
  }
  return issues;
};

