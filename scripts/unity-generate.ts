// Regenerates the Unity package's generated code and .meta files: `npm run unity:generate [folder]`
// (default unity/, the package root).
//   Runtime/Client/Schema/   the state classes, from schema/ (Colyseus's schema-codegen)
//   Runtime/Core/Protocol/   payload classes both ways, message names, codes, emotes (scripts/unity-protocol.ts)
//   *.meta                   one per file and folder (scripts/unity/unityMeta.ts)
//   docs/unity.md            its table of every message and C# type (only for the package itself, not a copy)
// tests/unityGenerate.test.ts fails when anything committed differs from what this writes.
import { spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { writeUnityMetas } from "./unity/unityMeta.ts";
import { withMessagesTable, writeUnityProtocol } from "./unity-protocol.ts";

const SCHEMA_DIR = "Runtime/Client/Schema";
const PROTOCOL_DIR = "Runtime/Core/Protocol";

const root = process.argv[2] ?? "unity";
const DOC = path.resolve(import.meta.dirname, "../docs/unity.md");
const schemaDir = path.join(root, SCHEMA_DIR);
// schema-codegen adds files but never removes one whose class is gone.
await rm(schemaDir, { recursive: true, force: true });
// It also needs its output folder's parent to exist.
await mkdir(path.dirname(schemaDir), { recursive: true });
const codegen = path.resolve(import.meta.dirname, "../node_modules/@colyseus/schema/bin/schema-codegen");
const result = spawnSync(process.execPath, [codegen, "schema/index.ts", "--output", schemaDir, "--csharp", "--namespace", "Koto.Schema"], {
  stdio: ["ignore", "pipe", "inherit"],
  encoding: "utf8",
});
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`C# state classes (${(await readdir(schemaDir)).join(", ")}) written to ${schemaDir}`);
const protocolDir = path.join(root, PROTOCOL_DIR);
const written = await writeUnityProtocol(protocolDir);
console.log(`C# protocol (${written.join(", ")}) written to ${protocolDir}`);
console.log(`${await writeUnityMetas(root)} .meta files written under ${root}`);
if (process.argv[2] === undefined) {
  await writeFile(DOC, withMessagesTable(await readFile(DOC, "utf8")));
  console.log(`message table written to ${path.relative(process.cwd(), DOC)}`);
}
