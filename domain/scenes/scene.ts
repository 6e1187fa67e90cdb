import { z } from "zod";

/** A scene is data: where learners may walk, where they appear, how many fit in one room. */

const coordinate = z.number().finite().min(-10_000).max(10_000);
const point = z.object({ x: coordinate, y: coordinate });
const localized = z.object({ ko: z.string().min(1), en: z.string().min(1) });

export const sceneSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, "lowercase letters, digits and dashes"),
    title: localized,
    bounds: z.object({ minX: coordinate, maxX: coordinate, minY: coordinate, maxY: coordinate }),
    spawnPoints: z.array(point).min(1),
    capacity: z.number().int().min(1).max(500),
    /** Walking speed in scene units (metres) per second; moves faster than this are clamped. */
    walkSpeed: z.number().positive().max(50),
    npc: z.object({
      id: z.string().min(1).max(32),
      name: localized,
      x: coordinate,
      y: coordinate,
      facing: z.number().min(0).lt(360),
    }),
    /** The lesson the tutor runs when a learner starts without naming one. */
    lessonId: z.string().min(1).optional(),
  })
  .superRefine((scene, ctx) => {
    const { minX, maxX, minY, maxY } = scene.bounds;
    if (minX >= maxX || minY >= maxY) {
      ctx.addIssue({ code: "custom", path: ["bounds"], message: "min must be below max on both axes" });
    }
    const inside = (p: { x: number; y: number }) => p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY;
    scene.spawnPoints.forEach((p, index) => {
      if (!inside(p)) ctx.addIssue({ code: "custom", path: ["spawnPoints", index], message: "outside the bounds" });
    });
    if (!inside(scene.npc)) ctx.addIssue({ code: "custom", path: ["npc"], message: "outside the bounds" });
  });

export type Scene = z.infer<typeof sceneSchema>;
export type Bounds = Scene["bounds"];

export const scenesFileSchema = z
  .object({ scenes: z.array(sceneSchema).min(1) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.scenes.forEach((scene, index) => {
      if (seen.has(scene.name)) {
        ctx.addIssue({ code: "custom", path: ["scenes", index, "name"], message: `duplicate scene "${scene.name}"` });
      }
      seen.add(scene.name);
    });
  });
