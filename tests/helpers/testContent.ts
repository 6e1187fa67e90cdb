import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";

export const FIXTURE_LESSONS = path.resolve(import.meta.dirname, "../fixtures/lessons");

export interface TestContent {
  readonly dir: string;
  remove(): Promise<void>;
}

/**
 * A content folder with only the given lessons (file name -> YAML text) besides the shipped
 * scenes, language packs and lexicon. Its scenes name no default lesson, so tests do not
 * depend on the shipped lessons, which authors keep changing.
 */
export async function testContent(lessons: Readonly<Record<string, string>>): Promise<TestContent> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "koto-content-"));
  const scenes = parse(await readFile(path.join(CONTENT_DIR, "scenes.yaml"), "utf8")) as { scenes: Array<{ lessonId?: string }> };
  for (const scene of scenes.scenes) delete scene.lessonId;
  await writeFile(path.join(dir, "scenes.yaml"), stringify(scenes));
  await cp(path.join(CONTENT_DIR, "langpacks"), path.join(dir, "langpacks"), { recursive: true });
  await cp(path.join(CONTENT_DIR, "lexicon.yaml"), path.join(dir, "lexicon.yaml"));
  await mkdir(path.join(dir, "lessons"));
  for (const [name, text] of Object.entries(lessons)) await writeFile(path.join(dir, "lessons", name), text);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A lesson of tests/fixtures/lessons, as text. */
export function fixtureLesson(name: string): Promise<string> {
  return readFile(path.join(FIXTURE_LESSONS, name), "utf8");
}
