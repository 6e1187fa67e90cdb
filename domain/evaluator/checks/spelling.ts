import { standardizePronunciation } from "es-hangul";
import { spacedForm } from "../correct.ts";
import { jamoOf, jamoSimilarity } from "../similarity.ts";
import type { Issue } from "../issues.ts";
import type { Lexicon } from "../lexicon.ts";
import type { ActivityFrame } from "../frame.ts";
import { indexOf, type Check, type CheckContext } from "./context.ts";

/**
 * Misspellings: a word the lexicon does not know that is one or two letters from a word the
 * activity expects (안녕하새요, 이써요, 감니다, 어디애요, 할께요). A made-up word far from
 * everything is left to the other checks, with low confidence.
 */

const MIN_SIMILARITY = 0.74;

const candidateCache = new WeakMap<ActivityFrame, string[]>();

/** Words the learner probably meant: the references' words and every form of their verbs. */
function candidates(frame: ActivityFrame, lexicon: Lexicon): string[] {
  const cached = candidateCache.get(frame);
  if (cached) return cached;
  const lemmas = new Set(frame.references.flatMap((r) => r.units.flatMap((u) => (u.kind === "verb" ? [u.form.lemma] : []))));
  const words = new Set<string>();
  for (const reference of frame.references) {
    for (const unit of reference.units) words.add(unit.surface.replace(/ /g, ""));
    for (const word of reference.words) words.add(word.replace(/ /g, ""));
  }
  for (const [form, analysis] of lexicon.verbs) if (lemmas.has(analysis.lemma) && !analysis.misspelt) words.add(form);
  for (const slot of frame.slots) for (const word of slot.words) words.add(word);
  for (const [text, expression] of lexicon.expressions) if (expression.type !== "foreign" && !expression.polite) words.add(text);
  const list = [...words];
  candidateCache.set(frame, list);
  return list;
}

function nearest(text: string, list: readonly string[]): { word: string; similarity: number } | undefined {
  let best: { word: string; similarity: number } | undefined;
  for (const word of list) {
    if (Math.abs(word.length - text.length) > 2 || word === text) continue;
    const similarity = jamoSimilarity(text, word);
    if (!best || similarity > best.similarity) best = { word, similarity };
  }
  if (!best) return undefined;
  // One letter off counts even in a short word (짠 for 잔); otherwise about a quarter of the letters.
  const oneOff = Math.round((1 - best.similarity) * Math.max(jamoOf(text).length, jamoOf(best.word).length)) <= 1;
  return best.similarity >= MIN_SIMILARITY || oneOff ? best : undefined;
}

function misspelt(context: CheckContext, surface: string, unit: number, nounStem?: string): Issue | undefined {
  const list = candidates(context.frame, context.lexicon);
  const near = nearest(surface, list) ?? (nounStem ? nearestNoun(context, surface, nounStem) : undefined);
  if (!near) return undefined;
  return { type: "spelling", key: "spelling.word", found: surface, expected: near.word, sure: near.similarity >= 0.8, fix: { kind: "replace", unit, text: near.word } };
}

const slotNounCache = new WeakMap<ActivityFrame, string[]>();

/** Lexicon nouns of the kinds the activity's slots take (every drink, every city), once per activity. */
function slotNouns(frame: ActivityFrame, lexicon: Lexicon): string[] {
  const cached = slotNounCache.get(frame);
  if (cached) return cached;
  const list = [...lexicon.nouns].filter(([, categories]) => frame.slots.some((s) => [...categories].some((c) => s.categories.has(c)))).map(([noun]) => noun);
  slotNounCache.set(frame, list);
  return list;
}

/** A noun stem close to a slot word or a lexicon noun of the slot's kind (아메리카너로 -> 아메리카노로). */
function nearestNoun(context: CheckContext, surface: string, stem: string): { word: string; similarity: number } | undefined {
  const near = nearest(stem, slotNouns(context.frame, context.lexicon));
  return near && { word: near.word + surface.slice(stem.length), similarity: near.similarity };
}

/** A word read only through dictionary nouns (주세오 as 주 + 세오) may be a misspelt word the activity expects. */
function misreadWord(context: CheckContext, unit: CheckContext["analysis"]["units"][number]): Issue | undefined {
  // A word that is one real noun (창고 for 창가) is judged as written; only odd splits are re-read:
  // through a dictionary noun (주 + 세오), or with a verb inside the word (사 + 이지로 for 사이즈로).
  const units = context.analysis.units.filter((u) => u.word === unit.word);
  const odd = units.some((u) => u.kind === "noun" && u.known === "dictionary") && (unit.kind === "noun" && unit.known === "dictionary" || units.slice(0, -1).some((u) => u.kind === "verb"));
  if (!odd || units[0] !== unit || units.length < 2) return undefined;
  const word = context.analysis.words[unit.word]?.replace(/ /g, "");
  if (!word) return undefined;
  const near = nearest(word, candidates(context.frame, context.lexicon));
  if (!near || near.similarity < 0.8) return undefined;
  const first = indexOf(context, unit);
  return { type: "spelling", key: "spelling.word", found: word, expected: near.word, sure: true, fix: { kind: "replace", unit: first, text: near.word, covers: units.length } };
}

const soundCache = new WeakMap<ActivityFrame, Map<string, string>>();

/** The nouns the activity expects (its references' and its slots' kinds), by how they sound. */
function expectedBySound(frame: ActivityFrame, lexicon: Lexicon): Map<string, string> {
  const cached = soundCache.get(frame);
  if (cached) return cached;
  const nouns = new Set([...frame.references.flatMap((r) => r.units.flatMap((u) => (u.kind === "noun" && u.known === "lexicon" ? [u.stem] : []))), ...slotNouns(frame, lexicon)]);
  const bySound = new Map<string, string>();
  for (const noun of nouns) bySound.set(soundOf(noun), noun);
  soundCache.set(frame, bySound);
  return bySound;
}

function soundOf(word: string): string {
  try {
    return standardizePronunciation(word);
  } catch {
    // Not a word es-hangul can read aloud (a stray jamo): it sounds like nothing else.
    return word;
  }
}

/**
 * A rare real word written as an expected word sounds (어름 for 얼음): typed, it is the
 * expected word misspelt. A recognizer's transcript is judged as written.
 */
function writtenAsSaid(context: CheckContext, unit: CheckContext["analysis"]["units"][number]): Issue | undefined {
  if (context.spoken || unit.kind !== "noun" || unit.known !== "dictionary") return undefined;
  const meant = expectedBySound(context.frame, context.lexicon).get(soundOf(unit.stem));
  if (meant === undefined || meant === unit.stem) return undefined;
  const text = (context.lexicon.spelled.get(meant) ?? meant) + unit.particle;
  return { type: "spelling", key: "spelling.word", found: unit.surface, expected: text, sure: true, fix: { kind: "replace", unit: indexOf(context, unit), text } };
}

/**
 * Two words misspelt as one predicate the activity expects (벗어야 대요 for 벗어야 돼요): the
 * pair is re-read whole, so the fix does not mend one half into another word.
 */
function misspeltPair(context: CheckContext): Issue | undefined {
  const { words, units } = context.analysis;
  for (let w = 0; w + 1 < words.length; w += 1) {
    const pair = units.filter((u) => u.word === w || u.word === w + 1);
    if (!pair.some((u) => u.kind === "unknown" || (u.kind === "noun" && u.known === "unknown"))) continue;
    const joined = (words[w]! + words[w + 1]!).replace(/ /g, "");
    // A predicate of two words is short; longer pairs are two words each judged alone.
    if (joined.length > 8) continue;
    const near = nearest(joined, candidates(context.frame, context.lexicon));
    if (!near || near.similarity < 0.8 || !context.lexicon.verbs.has(near.word)) continue;
    const text = spacedForm(near.word);
    return { type: "spelling", key: "spelling.word", found: `${words[w]} ${words[w + 1]}`, expected: text, sure: true, fix: { kind: "replace", unit: indexOf(context, pair[0]!), text, covers: pair.length } };
  }
  return undefined;
}

/**
 * A long word known only from the dictionary one letter from a noun the activity names (사이지
 * for 사이즈): a misspelling, as a rare word of three syllables so near the expected one
 * seldom is meant. Shorter real words (창고 for 창가) are judged as written.
 */
function nearExpectedNoun(context: CheckContext, unit: CheckContext["analysis"]["units"][number]): Issue | undefined {
  if (context.spoken || unit.kind !== "noun" || unit.known !== "dictionary" || unit.stem.length < 3) return undefined;
  const expected = [...new Set([...context.frame.references.flatMap((r) => r.units.flatMap((u) => (u.kind === "noun" && u.known === "lexicon" ? [u.stem] : []))), ...context.frame.slots.flatMap((s) => [...s.words])])];
  const near = nearest(unit.stem, expected);
  if (!near || jamoDistance(unit.stem, near.word) > 1) return undefined;
  const text = near.word + unit.particle;
  return { type: "spelling", key: "spelling.word", found: unit.surface, expected: text, sure: true, fix: { kind: "replace", unit: indexOf(context, unit), text } };
}

function jamoDistance(a: string, b: string): number {
  return Math.round((1 - jamoSimilarity(a, b)) * Math.max(jamoOf(a).length, jamoOf(b).length));
}

export const spelling: Check = (context) => {
  const pair = misspeltPair(context);
  const covered = new Set<number>();
  if (pair?.fix.kind === "replace") for (let i = 0; i < (pair.fix.covers ?? 1); i += 1) covered.add(pair.fix.unit + i);
  return [...(pair ? [pair] : []), ...unitSpelling(context).filter((issue) => issue.fix.kind !== "replace" || !covered.has(issue.fix.unit))];
};

const unitSpelling: Check = (context) =>
  context.analysis.units.flatMap((unit): Issue[] => {
    const misread = misreadWord(context, unit) ?? writtenAsSaid(context, unit) ?? nearExpectedNoun(context, unit);
    if (misread) return [misread];
    const index = indexOf(context, unit);
    if (unit.kind === "verb" && unit.form.misspelt && !context.spoken) {
      const fixed = unit.surface.replace(/께요$/u, "게요");
      return [{ type: "spelling", key: "spelling.word", found: unit.surface, expected: fixed, sure: true, fix: { kind: "replace", unit: index, text: fixed } }];
    }
    if (unit.kind === "unknown") return [misspelt(context, unit.surface, index)].filter((i): i is Issue => i !== undefined);
    if (unit.kind === "noun" && unit.known === "unknown") {
      return [misspelt(context, unit.surface, index, unit.stem)].filter((i): i is Issue => i !== undefined);
    }
    return [];
  });

