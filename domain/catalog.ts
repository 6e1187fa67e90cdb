import type { LanguagePack } from "./feedback/languagePack.ts";
import { LEARNER_LANGS, type LearnerLang } from "./learners/learner.ts";
import { activitiesOf, type Activity, type Lesson, type Stage } from "./lessons/lesson.ts";
import type { Scene } from "./scenes/scene.ts";

/** Everything content authors wrote, validated and cross-checked, ready to look up. */
export interface Catalog {
  readonly scenes: ReadonlyMap<string, Scene>;
  readonly lessons: ReadonlyMap<string, Lesson>;
  readonly packs: ReadonlyMap<LearnerLang, LanguagePack>;
  activity(id: string): { lesson: Lesson; stage: Stage; activity: Activity; index: number } | undefined;
  pack(lang: LearnerLang): LanguagePack;
}

export function createCatalog(
  scenes: ReadonlyMap<string, Scene>,
  lessons: ReadonlyMap<string, Lesson>,
  packs: ReadonlyMap<LearnerLang, LanguagePack>,
): Catalog {
  const activities = new Map(
    [...lessons.values()].flatMap((lesson) => activitiesOf(lesson).map((entry) => [entry.activity.id, { lesson, ...entry }] as const)),
  );
  return {
    scenes,
    lessons,
    packs,
    activity: (id) => activities.get(id),
    pack(lang) {
      const pack = packs.get(lang);
      if (!pack) throw new Error(`no language pack for ${lang}`);
      return pack;
    },
  };
}

/** Problems between files: a lesson in an unknown scene, a scene naming a missing lesson. */
export function crossCheck(
  scenes: ReadonlyMap<string, Scene>,
  lessons: ReadonlyMap<string, Lesson>,
  packs: ReadonlyMap<LearnerLang, LanguagePack>,
): string[] {
  const problems: string[] = [];
  for (const lesson of lessons.values()) {
    if (!scenes.has(lesson.scene)) problems.push(`lesson ${lesson.id}: scene "${lesson.scene}" is not in scenes.yaml`);
  }
  for (const scene of scenes.values()) {
    if (scene.lessonId && !lessons.has(scene.lessonId)) {
      problems.push(`scenes.yaml ${scene.name}: lessonId "${scene.lessonId}" has no lesson file`);
    }
  }
  const seen = new Map<string, string>();
  for (const lesson of lessons.values()) {
    for (const { activity } of activitiesOf(lesson)) {
      const other = seen.get(activity.id);
      if (other) problems.push(`activity ${activity.id} appears in both ${other} and ${lesson.id}`);
      seen.set(activity.id, lesson.id);
    }
  }
  // Stage ids are database keys too: a second stage of the same id would take over the first one's row.
  const stages = new Map<string, string>();
  for (const lesson of lessons.values()) {
    for (const stage of lesson.stages) {
      const other = stages.get(stage.id);
      if (other) problems.push(`stage ${stage.id} appears more than once (in ${other} and ${lesson.id})`);
      stages.set(stage.id, lesson.id);
    }
  }
  for (const lang of LEARNER_LANGS) {
    if (!packs.has(lang)) problems.push(`langpacks: ko-${lang}.yaml is missing`);
  }
  return problems;
}
