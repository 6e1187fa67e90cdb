/** Chat text as other learners will see it: one line, no invisible or control characters. */

export const CHAT_MAX_LENGTH = 200;

// Control characters (newlines, tabs, escapes) become spaces; format characters such as bidi
// overrides and zero-width spaces, which can disguise or reorder text shown to others, are
// removed, except the zero-width joiner that emoji sequences need.
const CONTROL = /\p{Cc}/gu;
const FORMAT = /(?!\u200D)\p{Cf}/gu;
const SPACES = /\s+/gu;

export type ChatResult = { ok: true; text: string } | { ok: false; reason: "empty" | "too_long" };

export function sanitizeChat(raw: string): ChatResult {
  // NFC first: macOS and some IMEs send Hangul as decomposed jamo.
  const text = raw.normalize("NFC").replace(CONTROL, " ").replace(FORMAT, "").replace(SPACES, " ").trim();
  if (text.length === 0) return { ok: false, reason: "empty" };
  if ([...text].length > CHAT_MAX_LENGTH) return { ok: false, reason: "too_long" };
  return { ok: true, text };
}
