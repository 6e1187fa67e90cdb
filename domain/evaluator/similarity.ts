import { disassemble } from "es-hangul";
import { distance } from "fastest-levenshtein";

// Each answer is compared with hundreds of candidate words, the same few thousand for every
// learner: taking words apart once, not at every comparison, halves a spelling check's time.
// A memo of a pure function, bounded because learners' own words are unbounded.
const JAMO_MEMO_LIMIT = 50_000;
const jamoMemo = new Map<string, string>();

/** The word's letters (jamo): 감사 -> ㄱㅏㅁㅅㅏ. */
export function jamoOf(text: string): string {
  let jamo = jamoMemo.get(text);
  if (jamo === undefined) {
    if (jamoMemo.size >= JAMO_MEMO_LIMIT) jamoMemo.clear();
    jamo = disassemble(text);
    jamoMemo.set(text, jamo);
  }
  return jamo;
}

/** Similarity of two Korean strings, 0-1, counted in jamo so 감사함니다 is one letter off. */
export function jamoSimilarity(a: string, b: string): number {
  const left = jamoOf(a);
  const right = jamoOf(b);
  const longest = Math.max(left.length, right.length);
  return longest === 0 ? 1 : 1 - distance(left, right) / longest;
}

/** The candidate most similar to `text`, with its similarity. */
export function closest(text: string, candidates: readonly string[]): { candidate: string; similarity: number } {
  let best = { candidate: candidates[0] ?? "", similarity: -1 };
  for (const candidate of candidates) {
    const similarity = jamoSimilarity(text, candidate);
    if (similarity > best.similarity) best = { candidate, similarity };
  }
  return best;
}
