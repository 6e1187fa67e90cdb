import { Router } from "express";
import type { Catalog } from "../domain/catalog.ts";
import { activitiesOf, isPick, type Activity, type Lesson } from "../domain/lessons/lesson.ts";
import { sendError } from "./errors.ts";

/**
 * An activity as clients may see it before answering: no answers, slots or hint texts. A
 * listen activity's line and Korean options are left out too: they are what it asks to hear.
 */
function publicActivity(activity: Activity) {
  const heard = activity.kind === "listen";
  return {
    id: activity.id,
    kind: activity.kind,
    difficulty: activity.difficulty,
    ...(heard ? {} : { tutor: activity.tutor }),
    task: activity.task,
    hints: activity.hints.length,
    ...(isPick(activity)
      ? { choices: activity.choices.map((choice) => (heard ? { translations: choice.translations } : { text: choice.text, translations: choice.translations })) }
      : {}),
    ...(activity.kind === "fill" ? { sentence: activity.sentence } : {}),
  };
}

function lessonSummary(lesson: Lesson) {
  return {
    id: lesson.id,
    level: lesson.level,
    scene: lesson.scene,
    title: lesson.title,
    objectives: lesson.objectives,
    stages: lesson.stages.length,
    activities: activitiesOf(lesson).length,
  };
}

/** The public lesson catalogue: what exists and what each lesson asks, never the answer keys. */
export function lessonRoutes(catalog: Catalog): Router {
  const router = Router();
  router.get("/api/v1/lessons", (_req, res) => {
    res.json({ lessons: [...catalog.lessons.values()].map(lessonSummary) });
  });
  router.get("/api/v1/lessons/:id", (req, res) => {
    const lesson = catalog.lessons.get(req.params.id);
    if (!lesson) return sendError(res, 404, "not_found", "No such lesson.");
    return res.json({
      ...lessonSummary(lesson),
      stages: lesson.stages.map((stage) => ({ id: stage.id, title: stage.title, activities: stage.activities.map(publicActivity) })),
    });
  });
  return router;
}
