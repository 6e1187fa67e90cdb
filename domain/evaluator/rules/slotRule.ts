import type { RawFinding, RuleContext } from "./context.ts";
import { countedNumbers, counterOf } from "./counterRule.ts";

/** Every slot of the activity must be filled: the item, the quantity, the destination. */
export function slotRule(context: RuleContext): RawFinding[] {
  const counted = countedNumbers(context.tokens).map((index) => counterOf(context.tokens[index + 1]));
  return context.activity.slots.flatMap((slot) => {
    const filled = slot.counter
      ? counted.includes(slot.counter)
      : slot.words.some((word) => context.compact.includes(word.replace(/ /g, "")));
    if (filled) return [];
    return [
      {
        type: slot.counter ? ("counter" as const) : ("vocabulary" as const),
        messageKey: slot.counter ? "slot.missing_quantity" : "slot.missing",
        token: 0,
        tokenEnd: context.tokens.length - 1,
        found: "",
        expected: slot.counter ?? slot.words[0] ?? "",
        blocking: true,
        sure: false,
        params: { slot_en: slot.label.en, slot_id: slot.label.id, slot_vi: slot.label.vi, counter: slot.counter ?? "" },
      },
    ];
  });
}
