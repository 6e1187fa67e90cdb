import { Router } from "express";
import type { Scene } from "../domain/scenes/scene.ts";

/** A scene as clients need it to draw and walk it; spawn points stay the server's business. */
export function publicScene(scene: Scene) {
  const { name, title, bounds, capacity, walkSpeed, npc, lessonId, layout } = scene;
  return { name, title, bounds, capacity, walkSpeed, npc, ...(lessonId ? { lessonId } : {}), layout };
}
export type PublicScene = ReturnType<typeof publicScene>;

/** The scenes (rooms) there are, with their layouts: public, like the lesson catalogue. */
export function sceneRoutes(scenes: ReadonlyMap<string, Scene>): Router {
  const router = Router();
  const body = { scenes: [...scenes.values()].map(publicScene) };
  router.get("/api/v1/scenes", (_req, res) => {
    res.json(body);
  });
  return router;
}
