import type { Activity, Lesson } from "../lessons/lesson.ts";
import { NATIVE_COUNTERS } from "./numbers.ts";
import { normalizeText } from "./normalize.ts";

/** Words every lesson may use; nouns among them can take particles. */
const COMMON_NOUNS = ["저", "제", "여기", "거기", "저기", "어디", "이거", "그거", "저거", "이것", "그것", "뭐", "무엇", "것", "거", "쪽"];
const COMMON_WORDS = ["네", "예", "아니요", "좀", "그리고", "몇", "번", "그럼", "음", "저기요", "안녕하세요", "감사합니다"];

/**
 * The words an activity expects: its nouns (slot words, the lesson's nouns, common nouns,
 * counters) and every word of its reference answers. Used to re-space answers and to tell
 * familiar answers from ones the rules cannot vouch for.
 */
export interface Vocabulary {
  /** Nouns, longest first. */
  readonly nouns: readonly string[];
  /** Every known word form (reference answer words, nouns, common words). */
  readonly words: ReadonlySet<string>;
}

const cache = new WeakMap<Activity, Vocabulary>();

function slotWords(activity: Activity): string[] {
  if (activity.kind !== "dialogue") return [];
  return activity.slots.flatMap((slot) => slot.words.flatMap((word) => [word, ...word.split(" ")]));
}

function answerWords(activity: Activity): string[] {
  const texts = activity.kind === "choice" ? activity.choices.map((c) => c.text) : activity.answers;
  return texts.flatMap((text) => normalizeText(text).text.split(" "));
}

export function vocabularyFor(lesson: Lesson, activity: Activity): Vocabulary {
  const cached = cache.get(activity);
  if (cached) return cached;
  const nouns = [...new Set([...slotWords(activity), ...lesson.nouns, ...COMMON_NOUNS, ...NATIVE_COUNTERS])]
    .filter((noun) => !noun.includes(" "))
    .sort((a, b) => b.length - a.length);
  const words = new Set([...nouns, ...COMMON_WORDS, ...answerWords(activity)]);
  const vocabulary = { nouns, words };
  cache.set(activity, vocabulary);
  return vocabulary;
}
