import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("Unity state classes", () => {
  it("match the server's schema (run `npm run unity:schema` after changing schema/)", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "koto-unity-"));
    try {
      const out = path.join(dir, "Schema");
      const result = spawnSync(process.execPath, ["scripts/unity-schema.ts", dir], { encoding: "utf8" });
      expect(result.status, result.stderr).toBe(0);
      const generated = (await readdir(out)).sort();
      expect(generated).toEqual((await readdir("unity/Schema")).sort());
      for (const file of generated) {
        expect(await readFile(path.join(out, file), "utf8"), file).toBe(await readFile(path.join("unity/Schema", file), "utf8"));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
