import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messagesTable, TABLE_END, TABLE_START } from "../scripts/unity-protocol.ts";
import { metaFor, unityGuid } from "../scripts/unity/unityMeta.ts";

const PACKAGE = "unity";
// What the generator writes from scratch: removed from a copy of the package before it runs.
const GENERATED = ["Runtime/Client/Schema", "Runtime/Core/Protocol"];

/** Every file under `root` (relative paths), sorted. */
async function tree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

function generate(root: string): void {
  const result = spawnSync(process.execPath, ["scripts/unity-generate.ts", root], { encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "koto-unity-generate-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the Unity package's generated files", () => {
  it("are what `npm run unity:generate` writes (run it after changing schema/, rooms/protocol.ts, rooms/serverMessages.ts, rooms/messages.ts or domain/)", async () => {
    const copy = path.join(dir, "package");
    await cp(PACKAGE, copy, { recursive: true });
    for (const generated of GENERATED) await rm(path.join(copy, generated), { recursive: true });
    for (const file of await tree(copy)) if (file.endsWith(".meta")) await rm(path.join(copy, file));
    generate(copy);

    const committed = await tree(PACKAGE);
    expect(await tree(copy)).toEqual(committed);
    for (const file of committed) {
      expect(await readFile(path.join(copy, file), "utf8"), file).toBe(await readFile(path.join(PACKAGE, file), "utf8"));
    }
  });

  it("give every asset Unity sees a .meta with a stable GUID, and nothing hidden one", async () => {
    const files = await tree(PACKAGE);
    const metas = files.filter((f) => f.endsWith(".meta"));
    const assets = files.filter((f) => !f.endsWith(".meta") && !f.split(path.sep).some((part) => part.endsWith("~")));
    for (const asset of assets) expect(metas, asset).toContain(`${asset}.meta`);
    expect(files.some((f) => f.startsWith(`Samples~${path.sep}`) && f.endsWith(".meta"))).toBe(false);
    const guids = new Set<string>();
    for (const meta of metas) {
      const guid = /^guid: ([0-9a-f]{32})$/m.exec(await readFile(path.join(PACKAGE, meta), "utf8"))?.[1];
      expect(guid, meta).toBe(unityGuid(meta.slice(0, -".meta".length)));
      guids.add(guid!);
    }
    expect(guids.size).toBe(metas.length);
  });

  it("lose stale files: a state class or meta left from an older schema is removed", async () => {
    const copy = path.join(dir, "stale");
    await cp(PACKAGE, copy, { recursive: true });
    await writeFile(path.join(copy, "Runtime/Client/Schema/GoneState.cs"), "// an old class\n");
    await writeFile(path.join(copy, "Runtime/Core/Protocol/Gone.cs.meta"), "fileFormatVersion: 2\n");
    generate(copy);
    expect(await tree(copy)).toEqual(await tree(PACKAGE));
  });

  it("refuse a file Unity would import with no known importer, naming it", () => {
    expect(() => metaFor("Runtime/Core/notes.txt", false)).toThrow(/notes\.txt: no Unity importer/);
  });
});

describe("docs/unity.md", () => {
  it("lists every message both ways with its C# type, as generated", async () => {
    const doc = await readFile("docs/unity.md", "utf8");
    const block = doc.slice(doc.indexOf(TABLE_START) + TABLE_START.length, doc.indexOf(TABLE_END)).trim();
    expect(block, "run `npm run unity:generate`").toBe(messagesTable());
  });

  it("pins the SDK version the package depends on", async () => {
    const manifest = JSON.parse(await readFile(path.join(PACKAGE, "package.json"), "utf8")) as {
      name: string;
      dependencies: Record<string, string>;
      samples: Array<{ path: string }>;
    };
    expect(manifest.name).toBe("com.koto.client");
    const sdk = manifest.dependencies["io.colyseus.sdk"]!;
    expect(sdk).toMatch(/^0\.18\.\d+$/); // exact: a range could resolve to an SDK that cannot join
    expect(await readFile("docs/unity.md", "utf8")).toContain(`"io.colyseus.sdk": "${sdk}"`);
    for (const sample of manifest.samples) expect(await readdir(path.join(PACKAGE, sample.path))).toContain("README.md");
    const client = JSON.parse(await readFile(path.join(PACKAGE, "Runtime/Client/Koto.Client.asmdef"), "utf8")) as { references: string[] };
    expect(client.references).toEqual(["Koto.Core", "ColyseusSDK"]);
  });
});
