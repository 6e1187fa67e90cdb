import { z } from "zod";
import { conjugate, honorificStem, purposeOf, type VerbForm } from "./korean/conjugate.ts";

/**
 * The evaluator's knowledge of Korean words (content/lexicon.yaml): nouns by category, verbs
 * (every form derived), fixed expressions by what they do, and the fillers of speech. A
 * larger list of real Korean nouns (a spelling dictionary's) may be added: it tells a real
 * word the lexicon lacks from a made-up one.
 */

const hangulWords = z.array(z.string().regex(/^[\p{Script=Hangul} ]+$/u, "Hangul words only"));

export const EXPRESSION_TYPES = [
  "greeting",
  "farewell",
  "thanks",
  "apology",
  "yes",
  "no",
  "casual_yes",
  "casual_no",
  "attention",
  "casual_greeting",
  "introduction",
  "adverb",
  "foreign",
] as const;
export type ExpressionType = (typeof EXPRESSION_TYPES)[number];

export const lexiconFileSchema = z.object({
  nouns: z.record(z.string().regex(/^[a-z_]+$/), hangulWords),
  verbs: z.array(
    z.object({
      lemma: z.string().regex(/^[\p{Script=Hangul} ]+다$/u, "a dictionary form ending in 다"),
      meaning: z.string().min(1),
      eo: z.string().optional(),
      honorific: z.boolean().optional(),
      humble: z.boolean().optional(),
      plain: z.string().optional(),
      polite: z.string().optional(),
      opposite: z.string().optional(),
      wrongParticles: z.array(z.string()).optional(),
      transitive: z.boolean().optional(),
    }),
  ),
  expressions: z.partialRecord(z.enum(EXPRESSION_TYPES), hangulWords),
  /** Casual expressions with the polite form a teacher would give (안녕 -> 안녕하세요). */
  casual: z.record(z.string(), z.string()).default({}),
  fillers: hangulWords,
  /** Points in time (몇 시, 내일): they take 에, never 을/를. */
  times: hangulWords.default([]),
  /** Pairs of words that say the opposite of each other (많이, 조금). */
  antonyms: z.array(z.tuple([z.string().regex(/^\p{Script=Hangul}+$/u), z.string().regex(/^\p{Script=Hangul}+$/u)])).default([]),
  /** Spoken contractions, read as their full forms (어딨어요 -> 어디 있어요). */
  contractions: z.record(z.string(), z.string()).default({}),
});
export type LexiconFile = z.infer<typeof lexiconFileSchema>;

export interface Expression {
  type: ExpressionType;
  text: string;
  /** For a casual expression, what to say instead. */
  polite?: string | undefined;
}

export interface Lexicon {
  /** Noun (without spaces) -> its categories. */
  readonly nouns: ReadonlyMap<string, ReadonlySet<string>>;
  /** Noun spelled with its usual spaces, by its spaceless form (바닐라라떼 -> 바닐라 라떼). */
  readonly spelled: ReadonlyMap<string, string>;
  readonly verbs: ReadonlyMap<string, VerbForm>;
  /** Dictionary form -> its forms, written form first (바꾸다 -> 바꿔요, 바꿉니다, ...). */
  readonly formsOf: ReadonlyMap<string, ReadonlyArray<readonly [string, VerbForm]>>;
  /** Dictionary form -> what it means (맛없다 -> not_tasty). */
  readonly lemmaMeanings: ReadonlyMap<string, string>;
  /** Expression (without spaces) -> what it does. */
  readonly expressions: ReadonlyMap<string, Expression>;
  readonly fillers: ReadonlySet<string>;
  /** Points in time, without spaces. */
  readonly times: ReadonlySet<string>;
  /** Word -> the words that say its opposite. */
  readonly antonyms: ReadonlyMap<string, ReadonlySet<string>>;
  readonly contractions: ReadonlyMap<string, string>;
  /** Real Korean nouns beyond the lexicon's own (empty when no dictionary is loaded). */
  readonly dictionary: ReadonlySet<string>;
  /** Longest noun length, for segmenting run-together words. */
  readonly longestNoun: number;
}

const compact = (text: string) => text.replace(/ /g, "");

function nounMaps(file: LexiconFile) {
  const nouns = new Map<string, Set<string>>();
  const spelled = new Map<string, string>();
  for (const [category, words] of Object.entries(file.nouns)) {
    for (const word of words) {
      const key = compact(word);
      const categories = nouns.get(key) ?? new Set<string>();
      categories.add(category);
      nouns.set(key, categories);
      if (!spelled.has(key) || word.includes(" ")) spelled.set(key, word);
    }
  }
  return { nouns, spelled };
}

type VerbEntryFile = LexiconFile["verbs"][number];

/**
 * 만나시러 왔어요: learners honour the purpose of their own coming. Each purpose verb
 * (-(으)러 오다/가다) gets an honorific twin whose plain form is the purpose verb itself.
 */
function withHonouredPurposes(entries: readonly VerbEntryFile[]): VerbEntryFile[] {
  const twins = entries.flatMap((entry): VerbEntryFile[] => {
    const purpose = /^(\p{Script=Hangul}+?)(으)?러 (오다|가다)$/u.exec(entry.lemma);
    if (!purpose || entry.honorific) return [];
    const honoured = `${honorificStem(purpose[1]!)}러`;
    const rest = entry.lemma.slice(entry.lemma.indexOf("러 ") + 1);
    return [{ ...entry, lemma: `${honoured}${rest}`, eo: entry.eo?.replace(/^\S+러/u, honoured), honorific: true, plain: entry.lemma, opposite: undefined }];
  });
  return [...entries, ...twins];
}

/** Meanings that are no purpose one comes or goes for (있으러 오다 is not Korean). */
const NO_PURPOSE = new Set(["exist", "not_exist", "be", "not_be", "come", "go", "become", "fine", "good", "tasty", "not_tasty", "need", "seem", "fit", "not_know", "know"]);

/**
 * Coming or going for any verb's sake (배우러 왔어요, 공부하러 갔어요): every verb gets its
 * -(으)러 오다 and -(으)러 가다, each the other's opposite, unless the file lists one itself.
 */
function withPurposes(entries: readonly VerbEntryFile[]): VerbEntryFile[] {
  const listed = new Set(entries.map((entry) => entry.lemma));
  const purposes = entries.flatMap((entry): VerbEntryFile[] => {
    if (entry.lemma.includes(" ") || entry.honorific || NO_PURPOSE.has(entry.meaning)) return [];
    const purpose = purposeOf(entry.lemma);
    const come: VerbEntryFile = { lemma: `${purpose} 오다`, meaning: "come", eo: `${purpose} 와`, opposite: `${purpose} 가다` };
    const go: VerbEntryFile = { lemma: `${purpose} 가다`, meaning: "go", opposite: `${purpose} 오다` };
    return [come, go].filter((made) => !listed.has(made.lemma));
  });
  return [...entries, ...purposes];
}

function verbMap(file: LexiconFile): Map<string, VerbForm> {
  const verbs = new Map<string, VerbForm>();
  const teacherForms = new Map(file.verbs.flatMap((entry) => (entry.polite ? [[entry.lemma, entry.polite] as const] : [])));
  const entries = withHonouredPurposes(withPurposes(file.verbs));
  const eoOf = new Map(entries.flatMap((entry) => (entry.eo ? [[entry.lemma, entry.eo] as const] : [])));
  for (const entry of entries) {
    const plainLemma = entry.plain ? conjugate({ lemma: entry.plain, meaning: entry.meaning, eo: eoOf.get(entry.plain) }) : undefined;
    for (const [form, analysis] of conjugate(entry)) {
      if (verbs.has(form)) continue;
      // 계세요 said of a thing: the plain verb is 있다, in the same level and mood (있어요).
      const plain = plainLemma && [...plainLemma.entries()].find(([, f]) => f.level === analysis.level && f.mood === analysis.mood && !f.honorific)?.[0];
      const polite = entry.polite && (analysis.level === "casual" || analysis.level === "plain") ? entry.polite : analysis.polite;
      // Honouring oneself in a statement of intent: the form a teacher gives (하실게요 -> 할게요, 주실게요 -> 주세요).
      const own = teacherForms.get(plainLemma ? (entry.plain ?? entry.lemma) : entry.lemma);
      const unhonoured = analysis.honorific && own && ["intent", "state"].includes(analysis.mood) && !analysis.question ? own : (plain ?? analysis.plain);
      verbs.set(form, {
        ...analysis,
        polite,
        plain: unhonoured,
        ...(entry.opposite ? { opposite: entry.opposite } : {}),
        ...(entry.wrongParticles ? { wrongParticles: entry.wrongParticles } : {}),
        ...(entry.transitive ? { transitive: true } : {}),
      });
    }
  }
  return verbs;
}

function expressionMap(file: LexiconFile): Map<string, Expression> {
  const expressions = new Map<string, Expression>();
  for (const [type, texts] of Object.entries(file.expressions) as Array<[ExpressionType, string[]]>) {
    for (const text of texts) expressions.set(compact(text), { type, text });
  }
  for (const [text, polite] of Object.entries(file.casual)) {
    const known = expressions.get(compact(polite));
    expressions.set(compact(text), { type: known?.type ?? "casual_greeting", text, polite });
  }
  return expressions;
}

function antonymMap(file: LexiconFile): Map<string, Set<string>> {
  const antonyms = new Map<string, Set<string>>();
  const add = (word: string, opposite: string) => antonyms.set(word, (antonyms.get(word) ?? new Set<string>()).add(opposite));
  for (const [a, b] of file.antonyms) {
    add(a, b);
    add(b, a);
  }
  return antonyms;
}

function formsByLemma(verbs: ReadonlyMap<string, VerbForm>): Map<string, Array<readonly [string, VerbForm]>> {
  const forms = new Map<string, Array<readonly [string, VerbForm]>>();
  for (const entry of verbs) {
    const list = forms.get(entry[1].lemma) ?? [];
    list.push(entry);
    forms.set(entry[1].lemma, list);
  }
  return forms;
}

export function buildLexicon(file: LexiconFile, dictionary: ReadonlySet<string> = new Set()): Lexicon {
  const { nouns, spelled } = nounMaps(file);
  const verbs = verbMap(file);
  return {
    nouns,
    spelled,
    verbs,
    formsOf: formsByLemma(verbs),
    lemmaMeanings: new Map([...verbs.values()].map((form) => [form.lemma, form.meaning])),
    expressions: expressionMap(file),
    fillers: new Set(file.fillers),
    antonyms: antonymMap(file),
    times: new Set(file.times.map(compact)),
    contractions: new Map(Object.entries(file.contractions)),
    dictionary,
    longestNoun: Math.max(0, ...[...nouns.keys()].map((noun) => noun.length)),
  };
}
