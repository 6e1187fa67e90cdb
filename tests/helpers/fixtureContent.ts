import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";

const FIXTURE_LESSONS = path.resolve(import.meta.dirname, "../fixtures/content/lessons");

/**
 * The shipped content with its lessons replaced by two fixed ones (a five-activity cafe lesson
 * and a six-activity airport lesson), for tests that walk a lesson step by step: the course
 * grows, these stay. Returns the folder and a function that removes it.
 */
export async function fixtureContent(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "koto-content-"));
  await cp(CONTENT_DIR, dir, { recursive: true, filter: (source) => !source.startsWith(path.join(CONTENT_DIR, "lessons")) });
  await cp(FIXTURE_LESSONS, path.join(dir, "lessons"), { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
