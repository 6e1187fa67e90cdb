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
  const texts = analysis.units.map((unit) => unit.surface);
  let order = [...texts.keys()];
  for (const issue of issues) {
    if (issue.fix.kind === "replace") {
      texts[issue.fix.unit] = issue.fix.text;
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

/** The reference closest to the learner's answer, with their slot words and number in it. */
export function adaptedReference(activity: DialogueActivity, frame: ActivityFrame, analysis: Analysis): string {
  const said = analysis.words.join("");
  // The first reference is the model answer: prefer it unless another is clearly closer.
  let best = { index: 0, similarity: jamoSimilarity(said, frame.references[0]?.words.join("") ?? "") + 0.1 };
  frame.references.forEach((reference, index) => {
    const similarity = jamoSimilarity(said, reference.words.join(""));
    if (similarity > best.similarity) best = { index, similarity };
  });
  const reference = frame.references[best.index]!;
  const texts = reference.units.map((unit) => unit.surface);
  reference.units.forEach((unit, index) => {
    if (unit.kind === "noun") {
      const slot = frame.slots.find((s) => fills(s, unit));
      const own = slot && analysis.units.find((u) => u.kind === "noun" && fills(slot, u));
      if (own?.kind === "noun") {
        const particle = caseOf(unit.particle);
        texts[index] = own.stem + formFor(own.stem, particle) + unit.particle.slice(particle.length);
        if (unit.particle === "이요" || unit.particle === "요") texts[index] = own.stem + formFor(own.stem, "요");
      }
    }
    if (unit.kind === "number") {
      const own = analysis.units.find((u) => u.kind === "number");
      if (own?.kind === "number") texts[index] = countingForm(own.number.value);
    }
  });
  const text = joinLike(reference, texts);
  return text !== "" ? text : (activity.answers[0] ?? "");
}

function joinLike(analysis: Analysis, texts: readonly string[]): string {
  let text = "";
  analysis.units.forEach((unit, index) => {
    const sameWord = index > 0 && analysis.units[index - 1]!.word === unit.word;
    text += (text === "" || sameWord ? "" : " ") + texts[index]!;
  });
  return text;
}
