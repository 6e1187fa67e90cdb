import { disassemble } from "es-hangul";
import { distance } from "fastest-levenshtein";

/** Similarity of two Korean strings, 0-1, counted in jamo so 감사함니다 is one letter off. */
export function jamoSimilarity(a: string, b: string): number {
  const left = disassemble(a);
  const right = disassemble(b);
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
