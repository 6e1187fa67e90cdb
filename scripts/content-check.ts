// Checks the content before learners meet it: `npm run content:check [-- --content <dir>] [--strict]`.
// Every file is validated (schema, ids, a translation for every language pack), every line a
// learner may hear is synthesised by the offline voice (when espeak-ng is installed), and the
// evaluator is run on each activity's own answers (domain/lessons/lessonCheck.ts; `--strict`
// judges each reference answer against the others). Prints a table per lesson; exits with 1
// on any problem or miss (docs/content.md).
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config/config.ts";
import { crossCheck } from "../domain/catalog.ts";
import type { Lexicon } from "../domain/evaluator/lexicon.ts";
import type { LanguagePack } from "../domain/feedback/languagePack.ts";
import type { LearnerLang } from "../domain/learners/learner.ts";
import { spokenLines, type Lesson } from "../domain/lessons/lesson.ts";
import { checkLesson, type CheckRow } from "../domain/lessons/lessonCheck.ts";
import { ProviderCallError } from "../services/ai/policy/aiErrors.ts";
import { EspeakSynthesizer } from "../services/ai/tts/EspeakSynthesizer.ts";
import { CONTENT_DIR } from "../services/content/contentDir.ts";
import { loadLessonFile, loadPackFile, yamlFiles } from "../services/content/loadCatalog.ts";
import { loadLexicon } from "../services/content/loadLexicon.ts";
import { loadScenes } from "../services/content/scenes.ts";
import { ContentError } from "../services/content/yamlFile.ts";

interface Content {
  lessons: Map<string, { file: string; lesson: Lesson }>;
  lexicon: Lexicon | undefined;
  /** Problems found while loading, each with its file. */
  problems: Array<{ file: string; problems: readonly string[] }>;
}

function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === "" || relative.startsWith("..") ? file : relative;
}

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Loads one file; a broken one is noted, and the others are checked all the same. */
async function tryLoad<T>(content: Content, load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    content.problems.push({ file: error.file, problems: error.problems });
    return undefined;
  }
}

async function loadContent(dir: string): Promise<Content> {
  const content: Content = { lessons: new Map(), lexicon: undefined, problems: [] };
  const scenes = await tryLoad(content, () => loadScenes(dir));
  for (const file of await yamlFiles(path.join(dir, "lessons"))) {
    const lesson = await tryLoad(content, () => loadLessonFile(file));
    if (lesson) content.lessons.set(lesson.id, { file, lesson });
  }
  const packs = new Map<LearnerLang, LanguagePack>();
  for (const file of await yamlFiles(path.join(dir, "langpacks"))) {
    const pack = await tryLoad(content, () => loadPackFile(file));
    if (pack) packs.set(pack.lang, pack);
  }
  content.lexicon = await tryLoad(content, () => loadLexicon(dir));
  if (content.lessons.size === 0) content.problems.push({ file: shownPath(path.join(dir, "lessons")), problems: ["no lesson files"] });
  if (scenes) {
    const lessons = new Map([...content.lessons].map(([id, entry]) => [id, entry.lesson]));
    const problems = crossCheck(scenes, lessons, packs);
    if (problems.length > 0) content.problems.push({ file: shownPath(dir), problems });
  }
  return content;
}

/** Display width in a terminal: Hangul and other wide characters take two columns. */
function width(text: string): number {
  return [...text].reduce((sum, char) => sum + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1), 0);
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => width(row[column]!))));
  return rows.map((row) => "  " + row.map((cell, column) => cell + " ".repeat(widths[column]! - width(cell))).join("  ").trimEnd()).join("\n");
}

function printLesson(file: string, lesson: Lesson, rows: readonly CheckRow[]): number {
  const misses = rows.filter((row) => !row.ok).length;
  console.log(`\n${lesson.id} (${shownPath(file)}): ${counted(rows.length, "check", "checks")}, ${counted(misses, "miss", "misses")}`);
  const header = ["activity", "kind", "check", "answer", "expected", "got", ""];
  console.log(table([header, ...rows.map((r) => [r.activityId, r.kind, r.check, r.input, r.expected, r.got, r.ok ? "ok" : "MISS"])]));
  return misses;
}

/** Lines the offline voice cannot say; undefined when espeak-ng is not installed. */
async function unsayable(lines: readonly string[], voice: string): Promise<string[] | undefined> {
  const synthesizer = new EspeakSynthesizer(voice);
  const say = async (line: string) => {
    const result = await synthesizer.synthesize(line, AbortSignal.timeout(15_000));
    return (result.usage.audioDurationMs ?? 0) > 0;
  };
  try {
    if (lines.length > 0) await say(lines[0]!);
  } catch (error) {
    if (error instanceof ProviderCallError && error.code === "not_installed") return undefined;
  }
  const failed: string[] = [];
  for (let next = 0; next < lines.length; next += 4) {
    const batch = lines.slice(next, next + 4);
    const said = await Promise.all(batch.map((line) => say(line).catch(() => false)));
    failed.push(...batch.filter((_, index) => !said[index]));
  }
  return failed;
}

async function checkAudio(lessons: readonly Lesson[], voice: string): Promise<number> {
  const lines = [...new Set(lessons.flatMap((lesson) => spokenLines(lesson)))];
  // The voice's helper thread is meant not to keep a process alive: this timer does, meanwhile.
  const waiting = setInterval(() => {}, 1_000);
  const failed = await unsayable(lines, voice).finally(() => clearInterval(waiting));
  if (failed === undefined) {
    console.log(`\naudio: espeak-ng is not installed, so the ${lines.length} spoken lines were not synthesised`);
    return 0;
  }
  console.log(`\naudio: ${lines.length - failed.length} of ${lines.length} spoken lines synthesised by espeak-ng (${voice})`);
  for (const line of failed) console.log(`  MISS  cannot synthesise "${line}"`);
  return failed.length;
}

function options(): { content?: string | undefined; strict: boolean } {
  try {
    return parseArgs({ options: { content: { type: "string" }, strict: { type: "boolean", default: false } } }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: npm run content:check [-- --content <dir>] [--strict]`);
    process.exit(2);
  }
}

const values = options();
const config = loadConfig();
const threshold = config.ai.eval.confidenceThreshold;
const voice = config.ai.tts.provider === "espeak" ? config.ai.tts.voice : "ko";
const content = await loadContent(path.resolve(values.content ?? CONTENT_DIR));
for (const { file, problems } of content.problems) console.log(`\nINVALID ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
let misses = 0;
if (content.lexicon) {
  const options = { threshold, strict: values.strict };
  for (const { file, lesson } of content.lessons.values()) misses += printLesson(file, lesson, checkLesson(lesson, content.lexicon, options));
}
misses += await checkAudio([...content.lessons.values()].map((entry) => entry.lesson), voice);
const invalid = content.problems.length;
console.log(`\ncontent check: ${counted(content.lessons.size, "lesson", "lessons")}, ${counted(invalid, "invalid file", "invalid files")}, ${counted(misses, "miss", "misses")}`);
// Explicitly: the voice's helper thread can hold the process open after its last synthesis.
process.exit(invalid + misses > 0 ? 1 : 0);
