import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadScenes } from "../../services/content/scenes.ts";
import { ContentError } from "../../services/content/yamlFile.ts";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function withScenes(yaml: string | Promise<string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "koto-content-"));
  dirs.push(dir);
  await writeFile(path.join(dir, "scenes.yaml"), await yaml);
  return dir;
}

describe("scene content", () => {
  it("loads the shipped scenes", async () => {
    const scenes = await loadScenes(CONTENT_DIR);
    expect([...scenes.keys()]).toEqual(["cafe", "airport"]);
    expect(scenes.get("cafe")?.capacity).toBe(24);
  });

  it("names the file, the path inside it, the line and the problem", async () => {
    const dir = await withScenes(`scenes:
  - name: cafe
    title: { ko: 카페, en: Cafe }
    bounds: { minX: -5, maxX: 5, minY: -5, maxY: 5 }
    spawnPoints:
      - { x: 0, y: 0 }
      - { x: 50, y: 0 }
    capacity: "lots"
    walkSpeed: 4
    npc: { id: b, name: { ko: 바리스타, en: Barista }, x: 0, y: 1, facing: 0 }
    layout: { floor: wood, items: [] }
`);
    const error = await loadScenes(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    const { file, problems } = error as ContentError;
    expect(file).toMatch(/scenes\.yaml$/);
    expect(problems).toContainEqual(expect.stringMatching(/^scenes\[0\]\.capacity \(line 8\): .*number/));

    const fixed = await withScenes((await import("node:fs/promises")).readFile(path.join(dir, "scenes.yaml"), "utf8").then((t) => t.replace('"lots"', "4")));
    await expect(loadScenes(fixed)).rejects.toThrow("scenes[0].spawnPoints[1] (line 7): outside the bounds");
  });

  it("reports YAML syntax errors with their line", async () => {
    const dir = await withScenes("scenes:\n  - name: cafe\n   bad: [\n");
    await expect(loadScenes(dir)).rejects.toThrow(/line \d+/);
  });

  it("reports a missing file", async () => {
    await expect(loadScenes(path.join(os.tmpdir(), "no-such-dir"))).rejects.toThrow(/cannot read the file \(ENOENT\)/);
  });
});
