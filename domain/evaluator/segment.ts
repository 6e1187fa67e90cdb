import { NUMBER_WORD_LIST, NATIVE_COUNTERS } from "./numbers.ts";
import { PARTICLES, splitNounParticle } from "./particles.ts";
import type { Vocabulary } from "./vocabulary.ts";

/**
 * Re-spaces a learner's word the way the references are spaced, so that spacing never
 * decides a verdict: 아메리카노한잔주세요 -> 아메리카노 / 한 / 잔 / 주세요, and
 * 서울에가요 -> 서울에 / 가요. Unknown remainders stay attached to what precedes them.
 */

const COUNTERS_LONGEST = [...NATIVE_COUNTERS].sort((a, b) => b.length - a.length);

function startsWithKnown(rest: string, vocabulary: Vocabulary): boolean {
  if (rest === "") return true;
  for (const word of vocabulary.words) if (rest.startsWith(word)) return true;
  return startsWithNumberAndCounter(rest) !== undefined;
}

function startsWithNumberAndCounter(rest: string): { number: string; counter: string } | undefined {
  for (const number of NUMBER_WORD_LIST) {
    if (!rest.startsWith(number)) continue;
    const after = rest.slice(number.length).replace(/^ /, "");
    const counter = COUNTERS_LONGEST.find((c) => after.startsWith(c));
    if (counter) return { number, counter };
  }
  return undefined;
}

/** The longest noun (with its particle, if any) that leaves a known remainder. */
function nounAt(rest: string, vocabulary: Vocabulary): string | undefined {
  for (const noun of vocabulary.nouns) {
    if (!rest.startsWith(noun)) continue;
    const after = rest.slice(noun.length);
    const particle = PARTICLES.find((p) => after.startsWith(p) && startsWithKnown(after.slice(p.length), vocabulary));
    if (particle !== undefined) return noun + particle;
    if (startsWithKnown(after, vocabulary)) return noun;
  }
  return undefined;
}

function wordAt(rest: string, vocabulary: Vocabulary): string | undefined {
  let best: string | undefined;
  for (const word of vocabulary.words) {
    if (word.length > (best?.length ?? 0) && rest.startsWith(word) && startsWithKnown(rest.slice(word.length), vocabulary)) {
      best = word;
    }
  }
  return best;
}

export function segmentWord(word: string, vocabulary: Vocabulary): string[] {
  if (vocabulary.words.has(word) || splitNounParticle(word, vocabulary.nouns)) return [word];
  const pieces: string[] = [];
  let rest = word;
  while (rest.length > 0) {
    const numeral = startsWithNumberAndCounter(rest);
    const piece = numeral ? numeral.number : (nounAt(rest, vocabulary) ?? wordAt(rest, vocabulary));
    if (piece === undefined) {
      pieces.push(rest);
      break;
    }
    pieces.push(piece);
    rest = rest.slice(piece.length);
  }
  return pieces;
}

export function segment(text: string, vocabulary: Vocabulary): string[] {
  return text
    .split(" ")
    .filter((word) => word.length > 0)
    .flatMap((word) => segmentWord(word, vocabulary));
}

