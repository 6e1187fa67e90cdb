import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { buildLexicon, lexiconFileSchema, type Lexicon } from "../../domain/evaluator/lexicon.ts";
import { loadYamlFile } from "./yamlFile.ts";

/**
 * The evaluator's lexicon (content/lexicon.yaml) plus the nouns of the Korean Hunspell
 * dictionary (`dictionary-ko`, the spellcheck-ko word list): ~100,000 real words that tell
 * an unknown but real noun from a made-up one. Its affix rules are not used: Hunspell's
 * Korean rules accept misspellings such as 안녕하새요 (measured: docs/EVALUATOR.md).
 */

/** Hunspell flags of the dictionary's noun classes (common and proper nouns). */
const NOUN_FLAGS = new Set(["10", "25"]);

async function dictionaryNouns(): Promise<Set<string>> {
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve("dictionary-ko")), "index.dic");
  const text = await readFile(file, "utf8");
  const nouns = new Set<string>();
  for (const line of text.split("\n")) {
    const slash = line.indexOf("/");
    if (slash <= 0 || !NOUN_FLAGS.has(line.slice(slash + 1).trim())) continue;
    const word = line.slice(0, slash).normalize("NFC");
    if (/^\p{Script=Hangul}{2,}$/u.test(word)) nouns.add(word);
  }
  return nouns;
}

export async function loadLexicon(contentDir: string): Promise<Lexicon> {
  const [file, dictionary] = await Promise.all([loadYamlFile(path.join(contentDir, "lexicon.yaml"), lexiconFileSchema), dictionaryNouns()]);
  return buildLexicon(file, dictionary);
}
