import type { VerbForm } from "./korean/conjugate.ts";
import { finalOf, isHangulWord, JONG, withoutFinal } from "./korean/hangul.ts";
import { NOUN_SUFFIXES } from "./korean/particles.ts";
import type { Expression, Lexicon } from "./lexicon.ts";
import { normalizeText } from "./normalize.ts";
import { NATIVE_COUNTERS, numberWord, type NumberWord } from "./numbers.ts";

/**
 * Reads an answer into units a teacher would name: nouns with their particles, numbers and
 * counters, predicates (with speech level and honorifics), fixed expressions. Spacing does
 * not matter (아메리카노한잔주세요 reads like 아메리카노 한 잔 주세요); fillers and hesitation
 * repeats of speech are dropped before anything is judged.
 */

export type Unit =
  | { kind: "expression"; surface: string; expression: Expression }
  | { kind: "verb"; surface: string; form: VerbForm }
  | { kind: "noun"; surface: string; stem: string; particle: string; known: "lexicon" | "dictionary" | "unknown"; categories: ReadonlySet<string> }
  | { kind: "number"; surface: string; number: NumberWord; particle: string }
  | { kind: "counter"; surface: string; counter: string; particle: string }
  | { kind: "unknown"; surface: string };

export type Located<U extends Unit = Unit> = U & { word: number };

export interface Analysis {
  /** The answer as read: normalised, fillers and hesitations removed, words as the learner spaced them. */
  words: string[];
  units: Located[];
  /** The learner asked a question (a question mark, or a question ending). */
  question: boolean;
  hasHangul: boolean;
  hasLatin: boolean;
}

const COUNTERS = [...NATIVE_COUNTERS].sort((a, b) => b.length - a.length);
const NO_CATEGORIES: ReadonlySet<string> = new Set();

interface Option {
  unit: Unit;
  end: number;
  cost: number;
}

function nounOptions(word: string, start: number, lexicon: Lexicon): Option[] {
  const options: Option[] = [];
  const limit = Math.min(word.length, start + lexicon.longestNoun);
  for (let end = start + 1; end <= limit; end += 1) {
    const stem = word.slice(start, end);
    const categories = lexicon.nouns.get(stem);
    const inDictionary = !categories && stem.length >= 2 && lexicon.dictionary.has(stem);
    if (!categories && !inDictionary) continue;
    for (const suffix of ["", ...NOUN_SUFFIXES]) {
      if (!word.startsWith(suffix, end)) continue;
      const unit: Unit = { kind: "noun", surface: stem + suffix, stem, particle: suffix, known: categories ? "lexicon" : "dictionary", categories: categories ?? NO_CATEGORIES };
      options.push({ unit, end: end + suffix.length, cost: categories ? 1 : 1.4 });
    }
  }
  return options;
}

function counterOptions(word: string, start: number): Option[] {
  const counter = COUNTERS.find((c) => word.startsWith(c, start));
  if (!counter) return [];
  const after = start + counter.length;
  return ["", ...NOUN_SUFFIXES]
    .filter((suffix) => word.startsWith(suffix, after))
    .map((suffix) => ({ unit: { kind: "counter", surface: counter + suffix, counter, particle: suffix }, end: after + suffix.length, cost: 1 }));
}

function wholeOptions(word: string, start: number, lexicon: Lexicon): Option[] {
  const options: Option[] = [];
  for (let end = word.length; end > start; end -= 1) {
    const text = word.slice(start, end);
    const form = lexicon.verbs.get(text);
    if (form) options.push({ unit: { kind: "verb", surface: text, form }, end, cost: 1 });
    const expression = lexicon.expressions.get(text);
    // One syllable (안, 못, 잘) inside a longer word is far more often part of another word (안영하세요).
    const wholeWordOnly = text.length === 1 && word.length > 1;
    if (expression && !wholeWordOnly) options.push({ unit: { kind: "expression", surface: text, expression }, end, cost: 0.9 });
  }
  return options;
}

/** A number, alone or with a polite ending (하나요, 하나예요); a following counter is cheaper still. */
function numberOptions(word: string, start: number): Option[] {
  const options: Option[] = [];
  for (let end = Math.min(word.length, start + 4); end > start; end -= 1) {
    const number = numberWord(word.slice(start, end));
    if (!number) continue;
    const counted = COUNTERS.some((c) => word.startsWith(c, end));
    for (const suffix of counted ? [""] : ["", ...NOUN_SUFFIXES]) {
      if (!word.startsWith(suffix, end)) continue;
      const unit: Unit = { kind: "number", surface: word.slice(start, end) + suffix, number, particle: suffix };
      // 하나요 is "one, please" far more often than the verb 하다 asking (하나요?).
      const cheap = counted || (suffix !== "" && number.form === "full");
      options.push({ unit, end: end + suffix.length, cost: cheap ? (counted ? 0.3 : 0.9) : 1.1 });
    }
  }
  return options;
}

/** A noun ending in a vowel fused with the copula: 어디 + ㅂ니까 -> 어딥니까. */
function fusedCopulaOptions(word: string, start: number, lexicon: Lexicon): Option[] {
  const options: Option[] = [];
  for (const ending of ["니다", "니까"]) {
    if (!word.endsWith(ending)) continue;
    const body = word.slice(start, word.length - ending.length);
    if (body.length === 0 || finalOf(body) !== JONG.bieup) continue;
    const stem = withoutFinal(body);
    const categories = lexicon.nouns.get(stem);
    if (!categories) continue;
    options.push({ unit: { kind: "noun", surface: body + ending, stem, particle: `ㅂ${ending}`, known: "lexicon", categories }, end: word.length, cost: 1 });
  }
  return options;
}

/** Splits one spaced word into units, preferring known units, then fewer of them. */
function segmentWord(word: string, lexicon: Lexicon): Unit[] {
  const best = new Map<number, { cost: number; units: Unit[] }>([[word.length, { cost: 0, units: [] }]]);
  for (let start = word.length - 1; start >= 0; start -= 1) {
    let choice: { cost: number; units: Unit[] } | undefined;
    const options = [
      ...wholeOptions(word, start, lexicon),
      ...nounOptions(word, start, lexicon),
      ...counterOptions(word, start),
      ...numberOptions(word, start),
      ...fusedCopulaOptions(word, start, lexicon),
    ];
    for (const option of options) {
      const rest = best.get(option.end);
      if (!rest) continue;
      const cost = option.cost + rest.cost;
      if (!choice || cost < choice.cost) choice = { cost, units: [option.unit, ...rest.units] };
    }
    const unknown = { cost: 8 + (word.length - start) * 0.01, units: [unknownUnit(word.slice(start))] };
    best.set(start, choice && choice.cost < unknown.cost ? choice : unknown);
  }
  return best.get(0)!.units;
}

/** An unknown word: a noun the lexicon lacks when it ends in a particle, else unknown. */
function unknownUnit(text: string): Unit {
  for (const suffix of NOUN_SUFFIXES) {
    if (text.length > suffix.length + 1 && text.endsWith(suffix) && isHangulWord(text)) {
      const stem = text.slice(0, -suffix.length);
      return { kind: "noun", surface: text, stem, particle: suffix, known: "unknown", categories: NO_CATEGORIES };
    }
  }
  return { kind: "unknown", surface: text };
}

/** Drops fillers (음, 어) and hesitation repeats (카드 카드로, 아메 아메리카노, 안녕 안녕하세요). */
function withoutHesitations(words: readonly string[], lexicon: Lexicon): string[] {
  const kept = words.length > 1 ? words.filter((word) => !lexicon.fillers.has(word)) : [...words];
  return kept.filter((word, i) => {
    const next = kept[i + 1];
    return !(next !== undefined && next.startsWith(word) && (next.length > word.length || lexicon.expressions.get(word)?.type !== "yes"));
  });
}

/** A particle spaced off its noun (벤티 사이즈 으로, a recognizer's spacing) belongs to the word before. */
function withParticlesAttached(words: readonly string[], lexicon: Lexicon): string[] {
  const attached: string[] = [];
  for (const word of words) {
    const previous = attached.at(-1);
    const particleOnly = NOUN_SUFFIXES.includes(word) && !lexicon.expressions.has(word) && !lexicon.verbs.has(word) && numberWord(word) === undefined;
    if (previous !== undefined && particleOnly && !lexicon.verbs.has(previous)) attached[attached.length - 1] = previous + word;
    else attached.push(word);
  }
  return attached;
}

/** Expressions and verbs of two words (안녕히 계세요, 갈 거예요, 알려 주세요) read as one word. */
function joinExpressions(words: string[], lexicon: Lexicon): string[] {
  const known = (text: string) => lexicon.expressions.has(text) || lexicon.verbs.has(text);
  const joined: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const three = words.slice(i, i + 3);
    const next = words[i + 1];
    if (three.length === 3 && lexicon.verbs.has(three.join(""))) {
      // 주실 수 있어요: a verb of three words.
      joined.push(three.join(" "));
      i += 2;
    } else if (next !== undefined && known(word + next) && (!known(word) || lexicon.verbs.has(word + next) || lexicon.expressions.has(word + next))) {
      // A verb or expression of two words wins over its first word alone (가려고 해요, 잘 있어).
      joined.push(`${word} ${next}`);
      i += 1;
    } else joined.push(word);
  }
  return joined;
}

/** Question words: an answer built on one asks something (몇 개예요, 어디예요). */
const QUESTION_WORDS = new Set(["어디", "뭐", "무엇", "몇", "언제", "누구", "얼마", "어느", "왜", "어떻게"]);

const QUESTION_ENDING = /(니까|나요|냐|니|까요|ㄹ까|을까|래요\?)$/u;

export function analyze(text: string, lexicon: Lexicon): Analysis {
  const question = /[?？]/u.test(text);
  const normalized = normalizeText(text);
  const spoken = normalized.text.split(" ").flatMap((word) => (lexicon.contractions.get(word) ?? word).split(" ")).filter(Boolean);
  const words = joinExpressions(withParticlesAttached(withoutHesitations(spoken, lexicon), lexicon), lexicon);
  const units = words.flatMap((word, index) => {
    const whole = lexicon.expressions.get(word.replace(/ /g, ""));
    const pieces = whole ? [{ kind: "expression" as const, surface: word, expression: whole }] : segmentWord(word.replace(/ /g, ""), lexicon);
    return pieces.map((unit) => ({ ...unit, word: index }));
  });
  mergeCompounds(units, lexicon);
  const last = units.at(-1);
  const asksWord = units.some((unit) => unit.kind === "noun" && QUESTION_WORDS.has(unit.stem));
  const asks = question || asksWord || (last?.kind === "verb" && (last.form.question || QUESTION_ENDING.test(last.surface)));
  return { words, units, question: asks, hasHangul: normalized.hasHangul, hasLatin: /[a-z]/u.test(normalized.text) };
}

/** Nouns the learner spaced that the lexicon knows as one (녹차 라테가, 창가 자리로): one unit. */
function mergeCompounds(units: Located[], lexicon: Lexicon): void {
  for (let i = units.length - 2; i >= 0; i -= 1) {
    const first = units[i]!;
    const second = units[i + 1]!;
    if (first.kind !== "noun" || second.kind !== "noun" || first.particle !== "") continue;
    const stem = first.stem + second.stem;
    const categories = lexicon.nouns.get(stem);
    if (!categories) continue;
    const separator = first.word === second.word ? "" : " ";
    units.splice(i, 2, { ...second, surface: first.surface + separator + second.surface, stem, known: "lexicon", categories });
  }
}
