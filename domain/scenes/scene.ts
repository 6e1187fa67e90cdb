import { z } from "zod";
import { FLOORS, FURNITURE_KINDS, isBlocked, solidItems, type Layout, type Rect } from "./layout.ts";

/** A scene is data: where learners may walk, where they appear, how many fit in one room. */

const coordinate = z.number().finite().min(-10_000).max(10_000);
const point = z.object({ x: coordinate, y: coordinate });
const localized = z.object({ ko: z.string().min(1), en: z.string().min(1) });
const size = z.number().finite().positive().max(1_000);
const rect = { x: coordinate, y: coordinate, w: size, h: size };

/** The floor and furniture clients draw (domain/scenes/layout.ts). */
export const layoutSchema = z.object({
  floor: z.enum(FLOORS),
  areas: z.array(z.object({ floor: z.enum(FLOORS), ...rect })).max(100).default([]),
  items: z.array(z.object({ kind: z.enum(FURNITURE_KINDS), ...rect, label: z.string().trim().min(1).max(24).optional() })).max(500),
}) satisfies z.ZodType<Layout>;

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
    layout: layoutSchema,
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
    checkLayout(scene, ctx);
  });

/** Every piece lies inside the scene, and no learner appears, nor the NPC stands, inside solid furniture. */
function checkLayout(scene: { bounds: Bounds; spawnPoints: Array<{ x: number; y: number }>; npc: { x: number; y: number }; layout: Layout }, ctx: z.RefinementCtx): void {
  const { minX, maxX, minY, maxY } = scene.bounds;
  const within = (r: Rect) => r.x - r.w / 2 >= minX && r.x + r.w / 2 <= maxX && r.y - r.h / 2 >= minY && r.y + r.h / 2 <= maxY;
  scene.layout.areas.forEach((area, index) => {
    if (!within(area)) ctx.addIssue({ code: "custom", path: ["layout", "areas", index], message: "reaches outside the bounds" });
  });
  scene.layout.items.forEach((item, index) => {
    if (!within(item)) ctx.addIssue({ code: "custom", path: ["layout", "items", index], message: `${item.kind} reaches outside the bounds` });
  });
  const solids = solidItems(scene.layout);
  scene.spawnPoints.forEach((p, index) => {
    if (isBlocked(solids, p.x, p.y)) ctx.addIssue({ code: "custom", path: ["spawnPoints", index], message: "inside solid furniture" });
  });
  if (isBlocked(solids, scene.npc.x, scene.npc.y)) ctx.addIssue({ code: "custom", path: ["npc"], message: "inside solid furniture" });
}

export type Scene = z.infer<typeof sceneSchema>;
export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

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
