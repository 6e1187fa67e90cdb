import type { DialogueActivity } from "../lessons/lesson.ts";
import type { Analysis } from "./analyze.ts";
import { fills, type ActivityFrame } from "./frame.ts";
import type { Issue } from "./issues.ts";
import { caseOf, formFor } from "./korean/particles.ts";
import { countingForm } from "./numbers.ts";
import { jamoSimilarity } from "./similarity.ts";

/**
 * The correction shown to a learner: their own answer with every issue fixed, so it keeps
 * their drink, number and destination. When a part cannot be kept (nothing filled a slot,
 * they asked instead of answering), the reference answer closest to theirs, with their own
 * words put into its slots.
 */

/** Applies the fixes to the answer's units and writes the result with the learner's spacing. */
export function applyFixes(analysis: Analysis, issues: readonly Issue[]): string | undefined {
  if (issues.some((issue) => issue.fix.kind === "reference")) return undefined;
  const texts = analysis.units.map((unit) => (unit.kind === "verb" ? spacedForm(unit.surface) : unit.surface));
  let order = [...texts.keys()];
  for (const issue of issues) {
    if (issue.fix.kind === "replace") {
      texts[issue.fix.unit] = spacedForm(issue.fix.text);
      for (let next = 1; next < (issue.fix.covers ?? 1); next += 1) texts[issue.fix.unit + next] = "";
    }
    if (issue.fix.kind === "reorder") order = issue.fix.order;
  }
  const reordered = order.some((value, index) => value !== index);
  let text = "";
  order.forEach((index, position) => {
    const sameWord = !reordered && position > 0 && analysis.units[order[position - 1]!]!.word === analysis.units[index]!.word;
    const piece = texts[index]!;
    if (piece === "") return;
    text += (text === "" || sameWord ? "" : " ") + piece;
  });
  return text.trim();
}

/** Auxiliary parts of a predicate written as their own words, as Korean spells them (있을 거예요, 바꿔 주세요). */
const AUXILIARY = /(?<=[\p{Script=Hangul}])(거예요|겁니다|거야|주세요|주시겠어요|주실래요|주시겠습니까|드릴게요|드릴까요|수있어요|수있습니까|수있나요|싶어요|싶습니다)$/u;

export function spacedForm(text: string): string {
  if (text.includes(" ")) return text;
  return text.replace(AUXILIARY, (aux: string) => ` ${aux.replace(/^수있/u, "수 있")}`).replace(/(?<=\p{Script=Hangul}[러고])(?=[오와왔가갔갈갑올])/u, " ")
    .replace(/(?<=\p{Script=Hangul}[야도])(돼요|돼|해요|됩니까|되나요|하나요)$/u, " $1");
}

/**
 * The reference closest to the learner's answer, with their slot words and number in it.
 * References that share the learner's words are preferred; with nothing of theirs to keep,
 * the model answer. A leading 네 or greeting is the learner's to add or leave out.
 */
export function adaptedReference(activity: DialogueActivity, frame: ActivityFrame, analysis: Analysis): string {
  const reference = frame.references[closestReference(frame, analysis)]!;
  const texts = reference.units.map((unit) => unit.surface);
  reference.units.forEach((unit, index) => {
    if (unit.kind === "noun") {
      const slot = frame.slots.find((s) => fills(s, unit));
      const own = slot && analysis.units.find((u) => u.kind === "noun" && fills(slot, u));
      if (own?.kind === "noun") {
        const particle = caseOf(unit.particle);
        texts[index] = own.stem + (particle === "" ? formFor(own.stem, unit.particle) : formFor(own.stem, particle) + unit.particle.slice(particle.length));
      }
    }
    if (unit.kind === "number") {
      const own = analysis.units.find((u) => u.kind === "number");
      if (own?.kind === "number") texts[index] = countingForm(own.number.value);
    }
  });
  const learnerOpens = openers(analysis, ["yes", "greeting"]);
  const referenceYes = openers(reference, ["yes"]).length;
  // A learner who said no where the answer is yes needs the reference's 네.
  const saidNo = openers(analysis, ["no", "casual_no"]).length > 0;
  reference.units.forEach((unit, index) => {
    if (index < referenceYes && !learnerOpens.includes(unit.surface) && !saidNo) texts[index] = "";
  });
  const missing = learnerOpens.filter((opener) => !reference.units.some((u) => u.surface === opener));
  const text = [...missing, joinLike(reference, texts)].join(" ").trim();
  return text !== "" ? text : (activity.answers[0] ?? "");
}

/** Leading 네/예 (and greetings): words a learner may put before the answer itself. */
function openers(analysis: Analysis, types: readonly string[]): string[] {
  const leading: string[] = [];
  for (const unit of analysis.units) {
    if (unit.kind !== "expression" || !types.includes(unit.expression.type)) break;
    leading.push(unit.surface);
  }
  return leading;
}

function contentStems(analysis: Analysis): string[] {
  return analysis.units.flatMap((u) => (u.kind === "noun" && u.known !== "unknown" ? [u.stem] : []));
}

/** How many of the learner's content words a reference keeps (its own, or in one of its slots). */
function keptBy(frame: ActivityFrame, analysis: Analysis, reference: Analysis): number {
  const own = contentStems(analysis);
  return own.filter((stem) => contentStems(reference).includes(stem) || frame.slots.some((s) => reference.units.some((u) => fills(s, u)) && analysis.units.some((u) => u.kind === "noun" && u.stem === stem && fills(s, u)))).length;
}

function keptNothing(frame: ActivityFrame, analysis: Analysis): boolean {
  return frame.references.every((reference) => keptBy(frame, analysis, reference) === 0) && !analysis.units.some((u) => u.kind === "number");
}

function closestReference(frame: ActivityFrame, analysis: Analysis): number {
  const said = analysis.words.join("");
  const keeps = (reference: Analysis) => keptBy(frame, analysis, reference);
  if (keptNothing(frame, analysis)) return 0;
  // The first reference is the model answer: prefer it unless another is clearly closer.
  let best = { index: 0, score: -1 };
  frame.references.forEach((reference, index) => {
    const score = jamoSimilarity(said, reference.words.join("")) + 0.3 * keeps(reference) + (index === 0 ? 0.1 : 0);
    if (score > best.score) best = { index, score };
  });
  return best.index;
}

function joinLike(analysis: Analysis, texts: readonly string[]): string {
  let text = "";
  analysis.units.forEach((unit, index) => {
    const sameWord = index > 0 && analysis.units[index - 1]!.word === unit.word;
    text += (text === "" || sameWord ? "" : " ") + (unit.kind === "verb" ? spacedForm(texts[index]!) : texts[index]!);
  });
  return text;
}

/**
 * The learner's spoken contractions (여기서, 걸로), read as their full forms to be judged, kept
 * in the correction as they said them.
 */
export function recontracted(correction: string, answer: string, contractions: ReadonlyMap<string, string>): string {
  let text = correction;
  for (const [short, full] of contractions) {
    if (!short.includes(" ") && answer.includes(short) && !full.includes(" ")) text = text.replace(new RegExp(`(^|\\s)${full}`, "gu"), `$1${short}`);
  }
  return text;
}

/**
 * The learner's opening 저기요 (or 실례합니다), read as a filler to be judged, kept at the front
 * of the correction as they said it.
 */
export function withOpening(correction: string, answer: string, expressions: ReadonlyMap<string, { type: string }>): string {
  const [first = "", ...rest] = answer.trim().split(/[\s,.!?]+/u).filter(Boolean);
  if (rest.length === 0 || expressions.get(first)?.type !== "attention" || correction.startsWith(first)) return correction;
  return `${first}, ${correction}`;
}
