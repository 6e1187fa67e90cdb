import { DataSet, englishDataset, englishRecommendedTransformers, pattern, RegExpMatcher } from "obscenity";
import koreanList from "badwords-ko/src/badwords.ko.config.json" with { type: "json" };

/** What the abuse filter made of a chat line: let through, or held back with the terms it matched. */
export type ChatVerdict = { ok: true } | { ok: false; matched: string[] };

/** Judges chat lines before other learners see them. */
export interface ChatFilter {
  check(text: string): ChatVerdict;
}

/** Hangul, Latin letters and digits: what is left of a line once spacing and punctuation tricks are gone. */
const NOT_WORD = /[^\p{Script=Hangul}\p{L}\p{N}]/gu;
const compact = (text: string) => text.normalize("NFC").toLowerCase().replace(NOT_WORD, "");

/**
 * obscenity's English dataset, but with its slur patterns anchored at the start of a word:
 * unanchored, they match "ngga" inside everyday Indonesian ("tinggal", "pelanggan", "tanggal"),
 * and a third of our learners write Indonesian.
 */
const SLUR = "nigger";
function englishTerms(): DataSet<{ originalWord: string }> {
  return new DataSet<{ originalWord: string }>()
    .addAll(englishDataset)
    .removePhrasesIf((phrase) => phrase.metadata?.originalWord === SLUR)
    .addPhrase((phrase) => phrase.setMetadata({ originalWord: SLUR }).addPattern(pattern`|n?gger`).addPattern(pattern`|n?gga`));
}

/**
 * Korean abuse from the badwords-ko list, English from obscenity's dataset (with its
 * transformers for leetspeak and repeated letters). The Korean list is matched as literal
 * terms in the line with spaces and punctuation removed ("개 새 끼", "개.새.끼"), because its
 * own `isProfane` builds a regular expression per term per call and reads the terms as
 * patterns; only terms of two or more letters are kept, so a single syllable never blocks.
 */
export class WordListChatFilter implements ChatFilter {
  readonly #korean: string[];
  readonly #terms = englishTerms();
  readonly #english = new RegExpMatcher({ ...this.#terms.build(), ...englishRecommendedTransformers });

  constructor(koreanTerms: readonly string[] = koreanList.badWords) {
    this.#korean = [...new Set(koreanTerms.map(compact).filter((term) => [...term].length >= 2))];
  }

  check(text: string): ChatVerdict {
    const line = compact(text);
    const matched = new Set(this.#korean.filter((term) => line.includes(term)));
    for (const match of this.#english.getAllMatches(text.normalize("NFC"))) {
      const word = this.#terms.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord;
      if (word) matched.add(word);
    }
    return matched.size === 0 ? { ok: true } : { ok: false, matched: [...matched].sort() };
  }
}
