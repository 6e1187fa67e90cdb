import { readDigits } from "./numbers.ts";

/**
 * What an answer looks like once the differences that are not errors are gone: Unicode
 * form, case, punctuation, spacing; digits are read as Korean numbers (2잔 -> 두 잔).
 */
export interface NormalizedText {
  /** Words separated by single spaces (before re-segmentation). */
  text: string;
  /** The same without spaces: spacing-only differences compare equal. */
  compact: string;
  hasHangul: boolean;
}

/** Punctuation, symbols and emoji with their joiners, variation selectors and skin tones. */
const PUNCTUATION = /[\p{P}\p{S}\p{Extended_Pictographic}]|\u{FE0E}|\u{FE0F}|\u{200D}|\p{Emoji_Modifier}/gu;

export function normalizeText(raw: string): NormalizedText {
  const text = readDigits(raw.normalize("NFC").toLowerCase().replace(PUNCTUATION, " "))
    .replace(/[\p{Cc}\p{Cf}]/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
  return { text, compact: text.replace(/ /g, ""), hasHangul: /\p{Script=Hangul}/u.test(text) };
}

export function compactOf(raw: string): string {
  return normalizeText(raw).compact;
}
