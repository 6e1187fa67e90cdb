import { spawnSync } from "node:child_process";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fixtureLesson, testContent, type TestContent } from "../helpers/testContent.ts";

function check(dir: string, env: Record<string, string> = {}, flags: string[] = []): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", "scripts/content-check.ts", "--content", dir, ...flags], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { status: result.status, out: result.stdout + result.stderr };
}

let good: string;
/**
 * The good lesson under another id, with a mistake stated as the wrong type, a "mistake" that
 * is right, and a casual reference answer (which only strict checking questions).
 */
let broken: string;
const folders: TestContent[] = [];

async function folder(lessons: Record<string, string>): Promise<string> {
  const content = await testContent(lessons);
  folders.push(content);
  return content.dir;
}

function edited(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`"${from}" is not in the fixture`);
  return text.replace(from, to);
}

beforeAll(async () => {
  good = await fixtureLesson("fixture-kinds.yaml");
  const renamed = good.replaceAll("fixture-kinds", "fixture-broken").replaceAll("fixture.", "broken.");
  broken = [
    [`answers: ["네, 현금으로 할게요", 현금으로 할게요]`, `answers: ["네, 현금으로 할게요", 현금으로 할래]`],
    ["{ text: 으로, errorType: particle }", "{ text: 으로, errorType: formality }"],
    ["{ text: 현금으로 할게, errorType: formality }", "{ text: 현금으로 할게요, errorType: formality }"],
  ].reduce((text, [from, to]) => edited(text, from!, to!), renamed);
});
afterEach(async () => {
  await Promise.all(folders.splice(0).map((content) => content.remove()));
});

describe("npm run content:check", () => {
  it("passes a good lesson: every reference answer, mistake and correction as stated, every line synthesised", async () => {
    const { status, out } = check(await folder({ "fixture-kinds.yaml": good }));
    expect(out).toMatch(/fixture-kinds \(.*fixture-kinds\.yaml\): 25 checks, 0 misses/);
    expect(out).toMatch(/fixture\.fill\s+fill\s+mistake\s+으로\s+fail particle\s+fail particle 0\.90\s+ok/);
    expect(out).toMatch(/fixture\.fill\s+fill\s+correction\s+카드로 할게요\s+pass\s+pass 0\.98\s+ok/);
    expect(out).toMatch(/fixture\.listen\s+listen\s+reference\s+포장해 드릴까요\?\s+pass >= 0\.8\s+pass 1\.00\s+ok/);
    expect(out).toContain("audio: 8 of 8 spoken lines synthesised by espeak-ng (ko)");
    expect(out).toContain("content check: 1 lesson, 0 invalid files, 0 misses");
    expect(status).toBe(0);
  });

  it("fails on a miss, and the table names it", async () => {
    const { status, out } = check(await folder({ "fixture-kinds.yaml": good, "fixture-broken.yaml": broken }));
    expect(out).toMatch(/fixture-kinds \(.*\): 25 checks, 0 misses/);
    expect(out).toMatch(/fixture-broken \(.*fixture-broken\.yaml\): 24 checks, 2 misses/);
    expect(out).toMatch(/broken\.fill\s+fill\s+mistake\s+으로\s+fail formality\s+fail particle 0\.90\s+MISS/);
    expect(out).toMatch(/broken\.pay\s+dialogue\s+mistake\s+현금으로 할게요\s+fail formality\s+pass 0\.92\s+MISS/);
    expect(out).toMatch(/broken\.pay\s+dialogue\s+reference\s+현금으로 할래\s+pass >= 0\.8\s+pass 0\.98\s+ok/);
    expect(out.match(/MISS/g)).toHaveLength(2);
    expect(out).toContain("content check: 2 lessons, 0 invalid files, 2 misses");
    expect(status).toBe(1);
  });

  it("with --strict, judges each reference answer against the others", async () => {
    const { status, out } = check(await folder({ "fixture-broken.yaml": broken }), {}, ["--strict"]);
    expect(out).toMatch(/broken\.pay\s+dialogue\s+reference\s+현금으로 할래\s+pass >= 0\.8\s+fail formality 0\.90\s+MISS/);
    expect(out).toMatch(/broken\.pay\s+dialogue\s+reference\s+네, 현금으로 할게요\s+pass >= 0\.8\s+pass 0\.\d+\s+ok/);
    // A line to repeat, or a single answer, has nothing else to be judged against.
    expect(out).toMatch(/broken\.fill\s+fill\s+reference\s+카드로 할게요\s+pass >= 0\.8\s+pass 0\.98\s+ok/);
    expect(out).toContain("content check: 1 lesson, 0 invalid files, 3 misses");
    expect(status).toBe(1);
  });

  it("holds reference answers to EVAL_CONFIDENCE_THRESHOLD", async () => {
    const { status, out } = check(await folder({ "fixture-kinds.yaml": good }), { EVAL_CONFIDENCE_THRESHOLD: "0.99" });
    expect(out).toMatch(/fixture\.fill\s+fill\s+reference\s+카드로 할게요\s+pass >= 0\.99\s+pass 0\.98\s+MISS/);
    expect(out).toMatch(/fixture\.listen\s+listen\s+reference\s+포장해 드릴까요\?\s+pass >= 0\.99\s+pass 1\.00\s+ok/);
    expect(status).toBe(1);
  });

  it("refuses an unknown option with its usage", () => {
    const { status, out } = check("content", {}, ["--strcit"]);
    expect(out).toContain("Unknown option '--strcit'\nusage: npm run content:check [-- --content <dir>] [--strict]");
    expect(status).toBe(2);
  });

  it("names every invalid file and what is wrong in it, and still checks the others", async () => {
    const noGap = edited(broken, "sentence: 카드___ 할게요", "sentence: 카드로 할게요");
    const sameStage = good.replace("id: fixture-kinds\n", "id: fixture-again\n").replaceAll("id: fixture.", "id: again.");
    const { status, out } = check(await folder({ "fixture-kinds.yaml": good, "fixture-broken.yaml": noGap, "fixture-again.yaml": sameStage, "misnamed.yaml": good }));
    expect(out).toMatch(/INVALID .*fixture-broken\.yaml:\n {2}- stages\[0\]\.activities\[1\]\.sentence \(line \d+\): must contain the gap ___ exactly once/);
    expect(out).toMatch(/INVALID .*misnamed\.yaml:\n {2}- id "fixture-kinds" must match the file name \(fixture-kinds\.yaml\)/);
    expect(out).toContain("- stage fixture-kinds.all appears more than once (in fixture-again and fixture-kinds)");
    expect(out).toMatch(/fixture-kinds \(.*\): 25 checks, 0 misses/);
    expect(out).toContain("content check: 2 lessons, 3 invalid files, 0 misses");
    expect(status).toBe(1);
  });
});
