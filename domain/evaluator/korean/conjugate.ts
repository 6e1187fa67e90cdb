import { endsInVowel, finalOf, JONG, lastVowelOf, VOWEL, withFinal, withoutFinal } from "./hangul.ts";

/**
 * Every form of a verb a learner may type, derived from its dictionary form: 가다 gives
 * 가요, 갑니다, 가세요, 갈게요, 가, 간다, ... each labelled with its speech level and whether
 * it carries the subject honorific -(으)시-. The tutor reads predicates through this table.
 */

export type SpeechLevel = "polite" | "formal" | "casual" | "plain";

export interface VerbEntry {
  lemma: string;
  meaning: string;
  /** The 해요 form without 요, for stems the rules below cannot contract (주 -> 줘). */
  eo?: string | undefined;
  /** The lemma itself is honorific (계시다, 주시다) or humble (드리다). */
  honorific?: boolean | undefined;
  humble?: boolean | undefined;
}

export interface VerbForm {
  lemma: string;
  meaning: string;
  level: SpeechLevel;
  honorific: boolean;
  humble: boolean;
  question: boolean;
  /** A form learners write that is a misspelling of a real one (할께요 for 할게요). */
  misspelt: boolean;
  /** statement, past, intent (할게요), wish (할래요), want (하고 싶어요). */
  mood: string;
  /** The same verb in the same mood, said politely (for corrections): 줘 -> 주세요. */
  polite: string;
  /** Without -(으)시- (for a learner who honours themselves): 가세요 -> 가요, 하실게요 -> 할게요. */
  plain: string;
  /** The verb's opposite, when it has one (오다 for 가다), for a learner who says the opposite. */
  opposite?: string | undefined;
  /** Particles this verb's arguments never take, beyond those of its meaning. */
  wrongParticles?: readonly string[] | undefined;
  /** Takes an object (을/를): 바꾸다, 버리다, not 나오다. */
  transitive?: boolean | undefined;
}

/** The 아/어 form: 가 -> 가, 먹 -> 먹어, 하 -> 해, 앉 -> 앉아. */
function eoForm(stem: string, given: string | undefined): string {
  if (given) return given;
  if (stem.endsWith("하")) return `${stem.slice(0, -1)}해`;
  const vowel = lastVowelOf(stem);
  if (endsInVowel(stem) && [VOWEL.a, VOWEL.ae, VOWEL.eo, VOWEL.e].includes(vowel as 0)) return stem;
  const bright = vowel === VOWEL.a || vowel === VOWEL.o;
  return stem + (bright ? "아" : "어");
}

/** stem + ending whose first sound is ㄹ/ㅂ/ㄴ attached as a final (갈게요), or 을/습/는 after a consonant. */
function attach(stem: string, jong: number, vowelEnding: string, consonantEnding: string): string {
  if (endsInVowel(stem)) return withFinal(stem, jong) + vowelEnding;
  if (finalOf(stem) === JONG.rieul) {
    // ㄹ stems drop ㄹ before ㄴ/ㅂ and merge with ㄹ: 알다 -> 압니다, 알게요.
    return jong === JONG.rieul ? stem + vowelEnding : withFinal(withoutFinal(stem), jong) + vowelEnding;
  }
  return stem + consonantEnding;
}

/** The -(으)러 form of a verb, "in order to": 만나다 -> 만나러, 먹다 -> 먹으러, 놀다 -> 놀러. */
export function purposeOf(lemma: string): string {
  const stem = lemma.replace(/ /g, "").replace(/다$/u, "");
  return endsInVowel(stem) || finalOf(stem) === JONG.rieul ? `${stem}러` : `${stem}으러`;
}

/** -(으)시- forms: 가 -> 가세요, 있 -> 있으세요, 알 -> 아세요. */
export function honorificStem(stem: string): string {
  if (finalOf(stem) === JONG.rieul) return `${withoutFinal(stem)}시`;
  return endsInVowel(stem) ? `${stem}시` : `${stem}으시`;
}

interface Shape {
  form: string;
  level: SpeechLevel;
  question?: boolean;
  /** Key shared by the forms of one mood (statement, intent, past), to find the polite one. */
  mood: string;
}

function shapes(stem: string, eo: string): Shape[] {
  const past = withFinal(eo, JONG.ssangSiot);
  // -(으)려고 하다, "intend to": 가려고, 먹으려고, 살려고.
  const planStem = endsInVowel(stem) || finalOf(stem) === JONG.rieul ? stem : `${stem}으`;
  return [
    { form: `${eo}요`, level: "polite", mood: "state" },
    { form: attach(stem, JONG.bieup, "니다", "습니다"), level: "formal", mood: "state" },
    { form: attach(stem, JONG.bieup, "니까", "습니까"), level: "formal", mood: "state", question: true },
    { form: eo, level: "casual", mood: "state" },
    { form: `${eo}라`, level: "plain", mood: "state" },
    { form: `${stem}다`, level: "plain", mood: "state" },
    { form: attach(stem, JONG.nieun, "다", "는다"), level: "plain", mood: "state" },
    { form: `${stem}냐`, level: "casual", mood: "state", question: true },
    { form: `${stem}니`, level: "casual", mood: "state", question: true },
    { form: `${past}어요`, level: "polite", mood: "past" },
    { form: `${past}습니다`, level: "formal", mood: "past" },
    { form: `${past}어`, level: "casual", mood: "past" },
    { form: `${past}다`, level: "plain", mood: "past" },
    { form: attach(stem, JONG.rieul, "게요", "을게요"), level: "polite", mood: "intent" },
    { form: attach(stem, JONG.rieul, "께요", "을께요"), level: "polite", mood: "intent-misspelt" },
    { form: `${stem}겠습니다`, level: "formal", mood: "intent" },
    { form: `${stem}겠어요`, level: "polite", mood: "intent" },
    { form: `${stem}겠어`, level: "casual", mood: "intent" },
    { form: attach(stem, JONG.rieul, "게", "을게"), level: "casual", mood: "intent" },
    { form: attach(stem, JONG.rieul, "래요", "을래요"), level: "polite", mood: "wish" },
    { form: attach(stem, JONG.rieul, "까요", "을까요"), level: "polite", mood: "suggest", question: true },
    { form: attach(stem, JONG.rieul, "까", "을까"), level: "casual", mood: "suggest", question: true },
    { form: attach(stem, JONG.rieul, "래", "을래"), level: "casual", mood: "wish" },
    { form: `${stem}고 싶어요`.replace(" ", ""), level: "polite", mood: "want" },
    { form: `${stem}고 싶습니다`.replace(" ", ""), level: "formal", mood: "want" },
    { form: `${stem}고 싶어`.replace(" ", ""), level: "casual", mood: "want" },
    { form: `${stem}죠`, level: "polite", mood: "state" },
    { form: `${stem}지요`, level: "polite", mood: "state" },
    { form: `${stem}지`, level: "casual", mood: "state" },
    { form: `${stem}네요`, level: "polite", mood: "state" },
    { form: `${stem}자`, level: "casual", mood: "wish" },
    { form: `${stem}나요`, level: "polite", mood: "state", question: true },
    { form: `${stem}라`, level: "plain", mood: "state" },
    { form: attach(stem, JONG.rieul, "거예요", "을거예요"), level: "polite", mood: "future" },
    { form: attach(stem, JONG.rieul, "겁니다", "을겁니다"), level: "formal", mood: "future" },
    { form: attach(stem, JONG.rieul, "거야", "을거야"), level: "casual", mood: "future" },
    { form: `${eo}야돼요`, level: "polite", mood: "must" },
    { form: `${eo}야해요`, level: "polite", mood: "must" },
    { form: `${eo}야돼`, level: "casual", mood: "must" },
    { form: `${eo}주세요`, level: "polite", mood: "request" },
    { form: `${eo}도돼요`, level: "polite", mood: "permit" },
    { form: `${eo}도돼`, level: "casual", mood: "permit" },
    { form: `${eo}도됩니까`, level: "formal", mood: "permit", question: true },
    { form: `${eo}도되나요`, level: "polite", mood: "permit", question: true },
    { form: `${planStem}려고해요`, level: "polite", mood: "plan" },
    { form: attach(stem, JONG.rieul, "수있어요", "을수있어요"), level: "polite", mood: "can" },
    { form: attach(stem, JONG.rieul, "수있을까요", "을수있을까요"), level: "polite", mood: "can", question: true },
    { form: `${stem}는거예요`, level: "polite", mood: "state" },
    { form: `${stem}는건가요`, level: "polite", mood: "state", question: true },
    // Clauses joined to the next (있는데, 먹고, 만나서, 없으니까): no speech level of their own until they end a sentence.
    { form: `${stem}는데`, level: "casual", mood: "connective" },
    { form: `${stem}는데요`, level: "polite", mood: "state" },
    { form: `${stem}고`, level: "casual", mood: "connective" },
    { form: `${eo}서`, level: "casual", mood: "sequence" },
    { form: `${stem}고싶어서`, level: "casual", mood: "reason" },
    { form: `${past}는데요`, level: "polite", mood: "past" },
    { form: `${past}는데`, level: "casual", mood: "connective" },
    { form: `${stem}지만`, level: "casual", mood: "connective" },
    { form: attach(stem, JONG.nieun, "니까", "으니까"), level: "casual", mood: "connective" },
    { form: attach(stem, JONG.rieul, "수있습니까", "을수있습니까"), level: "formal", mood: "can", question: true },
    { form: `${planStem}려고합니다`, level: "formal", mood: "plan" },
    { form: `${planStem}려고`, level: "casual", mood: "plan" },
  ];
}

/** 바꾸어 주세요, 배우어요: the -우 + 어 forms written out, as correct as their contraction (바꿔). */
function uncontracted(stem: string, eo: string): Shape[] {
  if (!endsInVowel(stem) || lastVowelOf(stem) !== VOWEL.u || eo === `${stem}어`) return [];
  const full = `${stem}어`;
  return [
    { form: `${full}요`, level: "polite", mood: "state" },
    { form: `${full}주세요`, level: "polite", mood: "request" },
    { form: `${withFinal(full, JONG.ssangSiot)}어요`, level: "polite", mood: "past" },
  ];
}

function honorificShapes(stem: string): Shape[] {
  const hon = honorificStem(stem);
  const base = hon.slice(0, -1);
  return [
    { form: `${base}세요`, level: "polite", mood: "state" },
    { form: `${base}셔요`, level: "polite", mood: "state" },
    { form: `${hon}ㅂ니다`.replace(/시ㅂ니다$/u, "십니다"), level: "formal", mood: "state" },
    { form: `${base}십니까`, level: "formal", mood: "state", question: true },
    { form: `${base}십시오`, level: "formal", mood: "state" },
    { form: `${base}실게요`, level: "polite", mood: "intent" },
    { form: `${base}시겠어요`, level: "polite", mood: "intent" },
    { form: `${base}시겠습니다`, level: "formal", mood: "intent" },
    { form: `${base}시겠습니까`, level: "formal", mood: "intent", question: true },
    { form: `${base}실래요`, level: "polite", mood: "wish" },
    { form: `${base}셨어요`, level: "polite", mood: "past" },
    { form: `${base}실거예요`, level: "polite", mood: "future" },
    { form: `${base}실겁니다`, level: "formal", mood: "future" },
    { form: `${base}셔도돼요`, level: "polite", mood: "permit" },
    { form: `${base}실까요`, level: "polite", mood: "suggest", question: true },
    { form: `${base}실수있어요`, level: "polite", mood: "can" },
    { form: `${base}실수있을까요`, level: "polite", mood: "can", question: true },
    { form: `${base}실수있나요`, level: "polite", mood: "can", question: true },
    { form: `${base}셨습니다`, level: "formal", mood: "past" },
    { form: `${base}셔`, level: "casual", mood: "state" },
  ];
}

/** All forms of one verb, keyed by their written form. Multi-word lemmas (보여 주다) join without spaces. */
export function conjugate(entry: VerbEntry): Map<string, VerbForm> {
  const stem = entry.lemma.replace(/ /g, "").replace(/다$/u, "");
  const eo = eoForm(stem, entry.eo?.replace(/ /g, ""));
  const plainShapes = shapes(stem, eo);
  const politeOf = (mood: string, list: Shape[]) => list.find((s) => s.mood === mood && s.level === "polite")?.form ?? `${eo}요`;
  const forms = new Map<string, VerbForm>();
  const add = (shape: Shape, honorific: boolean, list: Shape[], plainList: Shape[]) => {
    if (forms.has(shape.form)) return;
    const mood = shape.mood === "intent-misspelt" ? "intent" : shape.mood;
    forms.set(shape.form, {
      lemma: entry.lemma,
      meaning: entry.meaning,
      level: shape.level,
      honorific: honorific || entry.honorific === true,
      humble: entry.humble === true,
      question: shape.question === true,
      mood,
      misspelt: shape.mood === "intent-misspelt",
      polite: politeOf(mood, list),
      plain: plainList.find((s) => s.mood === mood && s.level === shape.level)?.form ?? politeOf(mood, plainList),
    });
  };
  for (const shape of plainShapes) add(shape, false, plainShapes, plainShapes);
  for (const shape of uncontracted(stem, eo)) add(shape, false, plainShapes, plainShapes);
  // 계시다, 주시다: the lemma is already honorific; 시 + 어요 contracts to 세요.
  const honShapes: Shape[] = entry.honorific
    ? [
        { form: `${stem.slice(0, -1)}세요`, level: "polite", mood: "state" },
        // 주시세요: -(으)시- twice, a learner's error.
        { form: `${stem}세요`, level: "polite", mood: "double" },
      ]
    : honorificShapes(stem);
  for (const shape of honShapes) add(shape, true, honShapes, plainShapes);
  return forms;
}
