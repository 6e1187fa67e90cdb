import { countingForm, NATIVE_COUNTERS, numberWord } from "../numbers.ts";
import type { RawFinding, RuleContext } from "./context.ts";

const COUNTERS_LONGEST = [...NATIVE_COUNTERS].sort((a, b) => b.length - a.length);

/** The native counter a word starts with (잔, 잔이요, 개예요, 개야), if any. */
export function counterOf(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  return COUNTERS_LONGEST.find((counter) => token.startsWith(counter));
}

/** Indexes of number words directly followed by a native counter. */
export function countedNumbers(tokens: readonly string[]): number[] {
  return tokens.flatMap((token, index) => (numberWord(token) && counterOf(tokens[index + 1]) ? [index] : []));
}

/** Native counters take native numbers in counting form: 한 잔, not 일 잔 or 하나 잔. */
export function counterRule(context: RuleContext): RawFinding[] {
  return countedNumbers(context.tokens).flatMap((index) => {
    const token = context.tokens[index]!;
    const word = numberWord(token)!;
    const expected = countingForm(word.value);
    if (word.form === "counting" || expected === token) return [];
    return [
      {
        type: "counter" as const,
        messageKey: word.form === "sino" ? "counter.sino" : "counter.full_form",
        token: index,
        found: token,
        expected,
        blocking: true,
        sure: true,
        params: { counter: counterOf(context.tokens[index + 1])! },
      },
    ];
  });
}
