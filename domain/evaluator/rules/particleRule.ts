import { expectedForm, formAfter, isCopula, splitNounParticle } from "../particles.ts";
import type { RawFinding, RuleContext } from "./context.ts";

/** Markers that turn a bare noun into a polite one-word answer (카드요, 서울이요). */
const POLITE_MARKERS = new Set(["요", "이요", "입니다"]);

function slotFor(context: RuleContext, noun: string) {
  return context.activity.slots.find((slot) => slot.particles && slot.words.includes(noun));
}

/** A particle the slot does not allow (서울에서 가요 for a destination). */
function wrongForSlot(context: RuleContext, noun: string, particle: string, token: number): RawFinding | undefined {
  const slot = slotFor(context, noun);
  if (!slot?.particles || particle === "" || POLITE_MARKERS.has(particle) || isCopula(particle)) return undefined;
  if (slot.particles.includes(particle)) return undefined;
  const wanted = slot.particles[0]!;
  return {
    type: "particle",
    messageKey: particle === "에서" ? "particle.destination" : "particle.wrong",
    token,
    found: noun + particle,
    expected: noun + formAfter(noun, wanted),
    blocking: false,
    sure: true,
  };
}

/** A particle or copula in the form for the wrong final sound (가방가, 서울으로, 개이에요). */
function wrongForm(noun: string, particle: string, token: number): RawFinding | undefined {
  const expected = expectedForm(noun, particle);
  if (expected === undefined || expected === particle) return undefined;
  const copula = isCopula(particle);
  return {
    type: copula ? "grammar" : "particle",
    messageKey: copula ? "copula.batchim" : "particle.batchim",
    token,
    found: noun + particle,
    expected: noun + expected,
    blocking: false,
    sure: true,
  };
}

/** A slot word that needs a particle before the verb but has none (카드 할게요). */
function missing(context: RuleContext, noun: string, index: number): RawFinding | undefined {
  const slot = slotFor(context, noun);
  const next = context.tokens[index + 1];
  if (!slot?.particleRequired || next === undefined || POLITE_MARKERS.has(next)) return undefined;
  return {
    type: "particle",
    messageKey: "particle.missing",
    token: index,
    found: noun,
    expected: noun + formAfter(noun, slot.particles?.[0] ?? "로"),
    blocking: false,
    sure: true,
  };
}

export function particleRule(context: RuleContext): RawFinding[] {
  const findings: RawFinding[] = [];
  context.tokens.forEach((token, index) => {
    const split = splitNounParticle(token, context.vocabulary.nouns);
    if (!split) return;
    const finding =
      split.particle === ""
        ? missing(context, split.noun, index)
        : (wrongForSlot(context, split.noun, split.particle, index) ?? wrongForm(split.noun, split.particle, index));
    if (finding) findings.push(finding);
  });
  return findings;
}
