import { GAP, modelAnswer, type DialogueActivity, type FillActivity } from "../lessons/lesson.ts";
import { caseOf, isNounSuffix } from "./korean/particles.ts";
import { compactOf } from "./normalize.ts";
import type { Finding, Verdict } from "./verdict.ts";

/**
 * A fill activity (카드___ 할게요) is judged as the dialogue its sentence makes, with the
 * learner's text in the gap; and a particle gap is held to the particles its answers put there.
 */

/**
 * The whole sentence a fill answer stands for. Short text with none of the sentence's fixed
 * parts in it ("로", "으로") is what goes into the gap; text with any of them, or far longer
 * than the gap, is the learner's own sentence, judged as written (a slip outside the gap is
 * theirs too).
 */
export function filledSentence(activity: FillActivity, text: string): string {
  const said = compactOf(text);
  const fixed = activity.sentence.split(GAP).map(compactOf).filter((part) => part !== "");
  // Far longer than any right filling of the gap (아무거도 없어요 for 에): a sentence of the learner's own.
  const fixedLength = fixed.join("").length;
  const longestGap = Math.max(0, ...activity.answers.map((answer) => compactOf(answer).length - fixedLength));
  const ownSentence = fixed.some((part) => said.includes(part)) || said.length > longestGap + 2;
  // A function, so that "$&" and the like in the learner's text stay as typed.
  return ownSentence ? text : activity.sentence.replace(GAP, () => text.trim());
}

/** The dialogue each fill activity is judged as: one per activity, as frames are cached per activity object. */
const fillDialogues = new WeakMap<FillActivity, DialogueActivity>();

export function dialogueOf(activity: FillActivity): DialogueActivity {
  let dialogue = fillDialogues.get(activity);
  if (!dialogue) {
    dialogue = { ...activity, kind: "dialogue" };
    fillDialogues.set(activity, dialogue);
  }
  return dialogue;
}


/** What each answer puts in the gap (카드로 할게요 -> 로). */
function answerGaps(activity: FillActivity): string[] {
  const [before = "", after = ""] = activity.sentence.split(GAP).map(compactOf);
  return activity.answers.flatMap((answer) => {
    const said = compactOf(answer);
    return said.startsWith(before) && said.endsWith(after) ? [said.slice(before.length, said.length - after.length)] : [];
  });
}

/** Particles that add to any case without changing it (친구도, 친구만, 친구는). */
const ADDING = new Set(["은", "는", "도", "만"]);

/**
 * A particle typed alone into a particle gap: another case than every answer's (친구가 만나러
 * 왔어요 for 친구를) makes a sentence, but not the one the activity practises.
 */
export function gapParticleVerdict(activity: FillActivity, text: string): Verdict | undefined {
  const typed = compactOf(text);
  const gaps = answerGaps(activity);
  if (!isNounSuffix(typed) || typed === "" || gaps.length === 0 || !gaps.every((gap) => gap !== "" && isNounSuffix(gap))) return undefined;
  const cases = new Set(gaps.map(caseOf));
  if (cases.has(caseOf(typed)) || ADDING.has(caseOf(typed))) return undefined;
  const expected = gaps[0]!;
  const finding: Finding = { type: "particle", messageKey: "particle.role", span: { start: 0, end: typed.length }, found: typed, expected, blocking: true, sure: true, params: { particle: expected } };
  return { score: 40, pass: false, errorType: "particle", errors: [finding], correction: modelAnswer(activity), confidence: 0.9, normalized: typed };
}
