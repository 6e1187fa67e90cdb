import { createCatalog, type Catalog } from "./catalog.ts";
import type { Lesson } from "./lessons/lesson.ts";

/**
 * The catalogue a region serves: only the lessons that are on. A scene whose usual lesson is
 * off starts the first of its lessons that is on (in catalogue order), or none.
 */
export function regionalCatalog(catalog: Catalog, lessonsOn: "all" | readonly string[]): { ok: true; catalog: Catalog } | { ok: false; problems: string[] } {
  if (lessonsOn === "all") return { ok: true, catalog };
  const unknown = lessonsOn.filter((id) => !catalog.lessons.has(id));
  if (unknown.length > 0) return { ok: false, problems: unknown.map((id) => `lesson "${id}" is on in the region but has no lesson file`) };
  const on = new Set(lessonsOn);
  const lessons = new Map<string, Lesson>([...catalog.lessons].filter(([id]) => on.has(id)));
  const scenes = new Map(
    [...catalog.scenes].map(([name, scene]) => {
      if (scene.lessonId && on.has(scene.lessonId)) return [name, scene] as const;
      const first = [...lessons.values()].find((lesson) => lesson.scene === name);
      return [name, { ...scene, lessonId: first?.id }] as const;
    }),
  );
  return { ok: true, catalog: createCatalog(scenes, lessons, catalog.packs) };
}
