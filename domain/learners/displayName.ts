import { z } from "zod";

/**
 * A display name as others will see it above an avatar: one line that shows something.
 * Hangul typed on some systems arrives decomposed, so names are stored NFC.
 *
 * Only characters that can deceive are removed: bidi controls (they reorder the text around
 * them), tag characters (invisible text) and control characters. Joiners, variation
 * selectors and skin tones stay, so emoji sequences and scripts that need joiners stay whole.
 */

export const DISPLAY_NAME_MAX = 24;
/** What `users.display_name` holds, in code points. */
const STORED_MAX = 40;

/** A subdivision flag (black flag, tag letters, cancel tag) is the one legitimate use of tags. */
const TAGS_OUTSIDE_FLAGS = /(\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{1,7}\u{E007F})|[\u{E0000}-\u{E007F}]/gu;
const BIDI_AND_CONTROLS = /[\p{Bidi_Control}\p{Cc}]/gu;

/**
 * Characters that show nothing on their own: spaces, default-ignorable characters (Hangul
 * fillers, zero-width characters), format characters, marks with no base, unassigned code
 * points, and the blank Braille pattern, which fonts draw as empty.
 */
const SHOWS_NOTHING = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\p{Mn}\p{Me}\p{Cn}\u2800]$/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

function clean(raw: string): string {
  return raw
    .normalize("NFC")
    .replace(/\s+/gu, " ")
    .replace(TAGS_OUTSIDE_FLAGS, (_match, flag: string | undefined) => flag ?? "")
    .replace(BIDI_AND_CONTROLS, "")
    .replace(/\s+/gu, " ")
    .trim();
}

const hasVisibleCharacter = (name: string) => [...name].some((character) => !SHOWS_NOTHING.test(character));
const tooLong = `name is longer than ${DISPLAY_NAME_MAX} characters`;

export const displayNameSchema = z
  .string()
  .transform(clean)
  .pipe(
    z
      .string()
      .min(1, "name is empty")
      .refine(hasVisibleCharacter, "name has no visible character")
      .refine((name) => [...graphemes.segment(name)].length <= DISPLAY_NAME_MAX, tooLong)
      .refine((name) => [...name].length <= STORED_MAX, tooLong),
  );
