import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

function run(input: string): { status: number | null; lines: Array<Record<string, unknown>> } {
  const result = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", "scripts/evaluate.ts", "--file", input], { encoding: "utf8" });
  return { status: result.status, lines: result.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("npm run evaluate", () => {
  it("writes one verdict per input line, in order, with feedback in the learner's language", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "koto-evaluate-"));
    try {
      const file = path.join(dir, "answers.jsonl");
      await writeFile(
        file,
        [
          { activityId: "cafe.order", text: "아메리카노 한 잔 주세요", lang: "en" },
          { activityId: "cafe.order", text: "아메리카노 일 잔 주세요", lang: "id" },
          { activityId: "cafe.temperature", choice: 2, lang: "vi" },
          { activityId: "nope.nope", text: "x", lang: "en" },
          "not json",
        ]
          .map((line) => (typeof line === "string" ? line : JSON.stringify(line)))
          .join("\n"),
      );
      const { status, lines } = run(file);
      expect(status).toBe(1);
      expect(lines).toHaveLength(5);
      expect(lines[0]).toMatchObject({ activityId: "cafe.order", score: 100, pass: true, errorType: "none" });
      expect(lines[1]).toMatchObject({ pass: false, errorType: "counter", correction: "아메리카노 한 잔 주세요" });
      expect(lines[1]!.feedback).toMatch(/^Bukan /);
      expect(lines[1]!.errors).toEqual([expect.objectContaining({ span: { start: 6, end: 7 }, expected: "한", messageKey: "counter.sino" })]);
      expect(typeof lines[1]!.confidence).toBe("number");
      expect(lines[2]).toMatchObject({ pass: false, errorType: "formality" });
      expect(lines[2]!.feedback).toMatch(/줘 là cách nói thân mật/);
      expect(lines[3]).toEqual({ line: 4, error: 'unknown activity "nope.nope"' });
      expect(lines[4]).toMatchObject({ line: 5 });
      expect(lines[4]!.error).toMatch(/^invalid input line/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
