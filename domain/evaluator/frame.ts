import type { DialogueActivity, Slot } from "../lessons/lesson.ts";
import { analyze, type Analysis, type Located, type Unit } from "./analyze.ts";
import { caseOf, endsPolitely, isCopula } from "./korean/particles.ts";
import type { ExpressionType, Lexicon } from "./lexicon.ts";

/**
 * What a dialogue activity asks for, read from its reference answers and slots once: which
 * kinds of words fill each slot (any drink, any city, not only the listed ones), which
 * predicates answer it (가다 for a destination, 주다 for an order), whether it is a question,
 * and which particles its references use. The checks compare a learner's answer with this.
 */

export interface SlotFrame {
  slot: Slot;
  /** Lexicon categories (or expression types) of the slot's words: any word of them fills it. */
  categories: ReadonlySet<string>;
  words: ReadonlySet<string>;
  /** Particles the references or the slot allow after the slot's word. */
  particles: ReadonlySet<string>;
  /** Meanings of the verbs made of the slot's words (포장 -> 포장하다): another verb of that meaning (들고 가다) fills it. */
  verbMeanings: ReadonlySet<string>;
}

export interface ActivityFrame {
  references: Analysis[];
  slots: SlotFrame[];
  /** Meanings of the references' predicates, plus "fragment" when a one-word answer is a reference. */
  meanings: ReadonlySet<string>;
  expressionTypes: ReadonlySet<ExpressionType>;
  question: boolean;
}

function categoriesOf(word: string, lexicon: Lexicon): string[] {
  const key = word.replace(/ /g, "");
  const expression = lexicon.expressions.get(key);
  if (expression) return [`expression:${expression.type}`];
  return [...(lexicon.nouns.get(key) ?? [])].filter((category) => category !== "everyday");
}

function slotFrame(slot: Slot, references: readonly Analysis[], lexicon: Lexicon): SlotFrame {
  const words = new Set(slot.words.map((word) => word.replace(/ /g, "")));
  const categories = new Set(slot.words.flatMap((word) => categoriesOf(word, lexicon)));
  const particles = new Set<string>(slot.particles ?? []);
  for (const reference of references) {
    for (const unit of reference.units) {
      if (unit.kind === "noun" && fills({ slot, categories, words, particles, verbMeanings: new Set() }, unit)) particles.add(caseOf(unit.particle));
    }
  }
  const verbMeanings = new Set(slot.words.flatMap((word) => lexicon.verbs.get(`${word.replace(/ /g, "")}해요`)?.meaning ?? []));
  return { slot, categories, words, particles, verbMeanings };
}

/** A noun (or expression) unit that fills the slot. */
export function fills(frame: SlotFrame, unit: Unit): boolean {
  if (unit.kind === "expression") return frame.words.has(unit.surface.replace(/ /g, "")) || frame.categories.has(`expression:${unit.expression.type}`);
  if (unit.kind !== "noun") return false;
  if (frame.words.has(unit.stem)) return true;
  for (const category of unit.categories) if (frame.categories.has(category)) return true;
  return false;
}

/** The predicate that ends an answer, if any. */
export function finalPredicate(analysis: Analysis): Located<Extract<Unit, { kind: "verb" }>> | undefined {
  const last = [...analysis.units].reverse().find((unit) => unit.kind === "verb" || unit.kind === "noun" || unit.kind === "counter" || unit.kind === "number");
  return last?.kind === "verb" ? last : undefined;
}

function meaningsOf(references: readonly Analysis[]): Set<string> {
  const meanings = new Set<string>();
  for (const reference of references) {
    const predicate = finalPredicate(reference);
    if (predicate) meanings.add(predicate.form.meaning);
    const last = reference.units.at(-1);
    if (last && (last.kind === "noun" || last.kind === "counter") && endsPolitely(last.particle)) meanings.add(isCopula(last.particle) ? "be" : "fragment");
  }
  return meanings;
}

const frames = new WeakMap<DialogueActivity, WeakMap<Lexicon, ActivityFrame>>();

export function frameOf(activity: DialogueActivity, lexicon: Lexicon): ActivityFrame {
  const cached = frames.get(activity)?.get(lexicon);
  if (cached) return cached;
  const references = activity.answers.map((answer) => analyze(answer, lexicon));
  const expressionTypes = new Set(references.flatMap((r) => r.units.flatMap((u) => (u.kind === "expression" ? [u.expression.type] : []))));
  const frame: ActivityFrame = {
    references,
    slots: activity.slots.map((slot) => slotFrame(slot, references, lexicon)),
    meanings: meaningsOf(references),
    expressionTypes,
    question: references.filter((r) => r.question).length * 2 > references.length,
  };
  const perLexicon = frames.get(activity) ?? new WeakMap<Lexicon, ActivityFrame>();
  perLexicon.set(lexicon, frame);
  frames.set(activity, perLexicon);
  return frame;
}
