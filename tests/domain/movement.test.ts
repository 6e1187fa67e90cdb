import { describe, expect, it } from "vitest";
import { applyMove, normalizeFacing, spawnWalker } from "../../domain/scenes/movement.ts";
import type { Scene } from "../../domain/scenes/scene.ts";

const scene: Scene = {
  name: "test",
  title: { ko: "시험", en: "Test" },
  bounds: { minX: -10, maxX: 10, minY: -5, maxY: 5 },
  spawnPoints: [{ x: 0, y: 0 }, { x: 1, y: 1 }],
  capacity: 4,
  walkSpeed: 4,
  npc: { id: "npc", name: { ko: "직원", en: "Clerk" }, x: 0, y: 4, facing: 180 },
  layout: { floor: "wood", areas: [], items: [] },
};

describe("walking", () => {
  it("spawns learners round-robin on the scene's spawn points", () => {
    expect(spawnWalker(scene, 0, 0)).toMatchObject({ x: 0, y: 0 });
    expect(spawnWalker(scene, 1, 0)).toMatchObject({ x: 1, y: 1 });
    expect(spawnWalker(scene, 2, 0)).toMatchObject({ x: 0, y: 0 });
  });

  it("grants a move within walking speed exactly", () => {
    const walker = spawnWalker(scene, 0, 0);
    const outcome = applyMove(scene, walker, { x: 0.4, y: 0 }, 100);
    expect(outcome.walker).toMatchObject({ x: 0.4, y: 0 });
    expect(outcome.clamped).toBe(false);
    expect(outcome.anim).toBe("walk");
    expect(outcome.walker.facing).toBeCloseTo(90);
  });

  it("clamps a teleport to the distance walkable so far", () => {
    const walker = { ...spawnWalker(scene, 0, 0), allowance: 0 };
    const outcome = applyMove(scene, walker, { x: 8, y: 0 }, 500);
    expect(outcome.walker.x).toBeCloseTo(2);
    expect(outcome.clamped).toBe(true);
  });

  it("keeps the average speed at walking speed however moves are batched", () => {
    let walker = spawnWalker(scene, 0, 0);
    let now = 0;
    for (let i = 0; i < 100; i += 1) {
      now += 100;
      walker = applyMove(scene, walker, { x: 10, y: 0 }, now).walker;
      walker = applyMove(scene, walker, { x: -10, y: 0 }, now).walker;
    }
    let travelled = 0;
    walker = spawnWalker(scene, 0, 0);
    now = 0;
    for (let i = 0; i < 30; i += 1) {
      now += 100;
      const next = applyMove(scene, walker, { x: walker.x + 5, y: 0 }, now).walker;
      travelled += Math.abs(next.x - walker.x);
      walker = next;
    }
    // Three seconds of walking at 4 m/s, plus the one-second allowance it started with.
    expect(travelled).toBeLessThanOrEqual(3 * 4 + 4 + 1e-9);
  });

  it("stops at the bounds of the scene", () => {
    let walker = spawnWalker(scene, 0, 0);
    for (let t = 1; t <= 10; t += 1) walker = applyMove(scene, walker, { x: 99, y: -99 }, t * 1000).walker;
    expect(walker.x).toBe(10);
    expect(walker.y).toBe(-5);
  });

  it("keeps facing when standing still and normalises any angle", () => {
    const walker = { ...spawnWalker(scene, 0, 0), facing: 45 };
    const still = applyMove(scene, walker, { x: 0, y: 0 }, 10);
    expect(still.walker.facing).toBe(45);
    expect(still.anim).toBe("idle");
    expect(normalizeFacing(-90)).toBe(270);
    expect(normalizeFacing(725)).toBe(5);
  });
});
