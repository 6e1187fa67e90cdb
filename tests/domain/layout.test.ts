import { describe, expect, it } from "vitest";
import { isBlocked, slide, solidItems, type Layout } from "../../domain/scenes/layout.ts";
import { sceneSchema } from "../../domain/scenes/scene.ts";

const base = {
  name: "test",
  title: { ko: "시험", en: "Test" },
  bounds: { minX: -10, maxX: 10, minY: -5, maxY: 5 },
  spawnPoints: [{ x: 0, y: -4 }],
  capacity: 4,
  walkSpeed: 4,
  npc: { id: "npc", name: { ko: "직원", en: "Clerk" }, x: 0, y: 4, facing: 180 },
};
const counter = { kind: "counter", x: 0, y: 2.5, w: 6, h: 1 } as const;

function problems(layout: unknown): string[] {
  const parsed = sceneSchema.safeParse({ ...base, layout });
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("a scene's layout", () => {
  it("accepts furniture inside the scene, away from spawn points and the NPC", () => {
    expect(problems({ floor: "wood", items: [counter, { kind: "sign", x: 0, y: 4, w: 2, h: 0.5, label: "메뉴" }] })).toEqual([]);
    expect(sceneSchema.parse({ ...base, layout: { floor: "tile", items: [] } }).layout.areas).toEqual([]);
  });

  it("names every piece that reaches outside the bounds, or traps a spawn point or the NPC", () => {
    expect(
      problems({
        floor: "wood",
        areas: [{ floor: "carpet", x: 9, y: 0, w: 4, h: 2 }],
        items: [
          { kind: "gate", x: -9.8, y: 0, w: 1, h: 2 },
          { kind: "table", x: 0, y: -4, w: 1, h: 1 },
          { kind: "desk", x: 0, y: 3.8, w: 2, h: 1 },
          // Rugs are walked over, so a spawn point may be on one.
          { kind: "rug", x: 0, y: -4, w: 3, h: 1 },
        ],
      }),
    ).toEqual([
      "layout.areas.0: reaches outside the bounds",
      "layout.items.0: gate reaches outside the bounds",
      "spawnPoints.0: inside solid furniture",
      "npc: inside solid furniture",
    ]);
  });

  it("refuses unknown furniture and floors, empty sizes and labels, and a missing layout", () => {
    expect(problems({ floor: "lava", items: [] })).toEqual([expect.stringMatching(/^layout\.floor: /)]);
    expect(problems({ floor: "wood", items: [{ kind: "throne", x: 0, y: 0, w: 1, h: 1 }] })).toEqual([expect.stringMatching(/^layout\.items\.0\.kind: /)]);
    expect(problems({ floor: "wood", items: [{ ...counter, w: 0 }] })).toEqual([expect.stringMatching(/^layout\.items\.0\.w: /)]);
    expect(problems({ floor: "wood", items: [{ ...counter, label: "  " }] })).toEqual([expect.stringMatching(/^layout\.items\.0\.label: /)]);
    expect(sceneSchema.safeParse(base).success).toBe(false);
  });
});

describe("walking around furniture", () => {
  const layout: Layout = { floor: "wood", areas: [], items: [counter, { kind: "rug", x: 0, y: 0, w: 4, h: 4 }] };
  const solids = solidItems(layout);

  it("counts an avatar's footprint, and only solid pieces", () => {
    expect(isBlocked(solids, 0, 1.75)).toBe(true);
    expect(isBlocked(solids, 0, 1.6)).toBe(false);
    expect(isBlocked(solids, 0, 0)).toBe(false);
  });

  it("slides along an edge instead of entering, and stops in a corner", () => {
    expect(slide(solids, { x: 0, y: 1.6 }, { x: 0.2, y: 1.8 })).toEqual({ x: 0.2, y: 1.6 });
    expect(slide(solids, { x: 3.4, y: 2.5 }, { x: 3.2, y: 2.6 })).toEqual({ x: 3.4, y: 2.6 });
    expect(slide(solids, { x: 0, y: 1 }, { x: 0.1, y: 1.1 })).toEqual({ x: 0.1, y: 1.1 });
  });
});
