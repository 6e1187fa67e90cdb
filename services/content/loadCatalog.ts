import { readdir } from "node:fs/promises";
import path from "node:path";
import { createCatalog, crossCheck, type Catalog } from "../../domain/catalog.ts";
import { languagePackSchema, type LanguagePack } from "../../domain/feedback/languagePack.ts";
import type { LearnerLang } from "../../domain/learners/learner.ts";
import { lessonSchema, type Lesson } from "../../domain/lessons/lesson.ts";
import { loadScenes } from "./scenes.ts";
import { ContentError, loadYamlFile } from "./yamlFile.ts";

/** The YAML files of a content folder, sorted; none when it does not exist. */
export async function yamlFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => path.join(dir, name));
}

/** One lesson file, whose name must be its id. */
export async function loadLessonFile(file: string): Promise<Lesson> {
  const lesson = await loadYamlFile(file, lessonSchema);
  const expectedName = `${lesson.id}.yaml`;
  if (path.basename(file) !== expectedName) {
    throw new ContentError(path.relative(process.cwd(), file), [`id "${lesson.id}" must match the file name (${expectedName})`]);
  }
  return lesson;
}

export function loadPackFile(file: string): Promise<LanguagePack> {
  return loadYamlFile(file, languagePackSchema);
}

async function loadLessons(dir: string): Promise<Map<string, Lesson>> {
  const lessons = new Map<string, Lesson>();
  for (const file of await yamlFiles(dir)) {
    const lesson = await loadLessonFile(file);
    lessons.set(lesson.id, lesson);
  }
  return lessons;
}

async function loadPacks(dir: string): Promise<Map<LearnerLang, LanguagePack>> {
  const packs = new Map<LearnerLang, LanguagePack>();
  for (const file of await yamlFiles(dir)) {
    const pack = await loadPackFile(file);
    packs.set(pack.lang, pack);
  }
  return packs;
}

/** Loads every content file; a broken one stops start-up with the file, the path and the problem. */
export async function loadCatalog(contentDir: string): Promise<Catalog> {
  const scenes = await loadScenes(contentDir);
  const lessons = await loadLessons(path.join(contentDir, "lessons"));
  const packs = await loadPacks(path.join(contentDir, "langpacks"));
  const problems = crossCheck(scenes, lessons, packs);
  if (problems.length > 0) throw new ContentError(path.relative(process.cwd(), contentDir) || contentDir, problems);
  return createCatalog(scenes, lessons, packs);
}
