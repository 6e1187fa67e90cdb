import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";
import { ContentError } from "../../services/content/yamlFile.ts";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function contentCopy(edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "koto-catalog-"));
  dirs.push(dir);
  await cp(CONTENT_DIR, dir, { recursive: true });
  await edit(dir);
  return dir;
}

async function replaceIn(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, "utf8");
  if (!text.includes(from)) throw new Error(`"${from}" not in ${file}`);
  await writeFile(file, text.replace(from, to));
}

describe("the content catalogue", () => {
  it("loads both lessons and the three language packs", async () => {
    const catalog = await loadCatalog(CONTENT_DIR);
    const files = (await readdir(path.join(CONTENT_DIR, "lessons"))).map((name) => name.replace(/\.yaml$/, "")).sort();
    expect([...catalog.lessons.keys()].sort()).toEqual(files);
    expect(files).toEqual(expect.arrayContaining(["airport-checkin", "cafe-order"]));
    expect([...catalog.packs.keys()].sort()).toEqual(["en", "id", "vi"]);
    expect(catalog.activity("airport.baggage")).toMatchObject({ lesson: { id: "airport-checkin" }, index: 3 });
  });

  it("accepts a new lesson file with no code change", async () => {
    const dir = await contentCopy(async (d) => {
      const text = (await readFile(path.join(d, "lessons/cafe-order.yaml"), "utf8"))
        .replaceAll("cafe-order", "cafe-dessert")
        .replaceAll("cafe.", "dessert.");
      await writeFile(path.join(d, "lessons/cafe-dessert.yaml"), text);
    });
    const catalog = await loadCatalog(dir);
    expect(catalog.activity("dessert.order")?.lesson.id).toBe("cafe-dessert");
  });

  it("names the file, the path inside it and the problem when a lesson is broken", async () => {
    const dir = await contentCopy((d) =>
      replaceIn(path.join(d, "lessons/airport-checkin.yaml"), "        kind: repeat\n        difficulty: 1", "        kind: repeat\n        difficulty: 9"),
    );
    const error = (await loadCatalog(dir).catch((e: unknown) => e)) as ContentError;
    expect(error).toBeInstanceOf(ContentError);
    expect(error.file).toMatch(/lessons\/airport-checkin\.yaml$/);
    expect(error.problems).toEqual([expect.stringMatching(/^stages\[2\]\.activities\[1\]\.difficulty \(line \d+\): .*<=5/)]);
  });

  it("refuses a wrong choice without an explanation", async () => {
    const dir = await contentCopy((d) =>
      replaceIn(
        path.join(d, "lessons/cafe-order.yaml"),
        `            errorType: formality
            explanation:
              en: "줘 is casual speech (반말). To staff, say 주세요."
              id: "줘 adalah bahasa santai (반말). Kepada staf, gunakan 주세요."
              vi: "줘 là cách nói thân mật (반말). Với nhân viên, hãy nói 주세요."
`,
        "",
      ),
    );
    await expect(loadCatalog(dir)).rejects.toThrow(/choices.*every wrong choice needs an errorType and an explanation/s);
  });

  it("refuses a language pack missing a message", async () => {
    const dir = await contentCopy((d) => replaceIn(path.join(d, "langpacks/ko-vi.yaml"), "  counter.sino:", "  counter.sinox:"));
    const error = (await loadCatalog(dir).catch((e: unknown) => e)) as ContentError;
    expect(error.file).toMatch(/ko-vi\.yaml$/);
    expect(error.problems.join("\n")).toMatch(/messages/);
  });

  it("refuses a scene that names a lesson that does not exist", async () => {
    const dir = await contentCopy((d) => replaceIn(path.join(d, "scenes.yaml"), "lessonId: cafe-order", "lessonId: cafe-missing"));
    await expect(loadCatalog(dir)).rejects.toThrow(/lessonId "cafe-missing" has no lesson file/);
  });
});
