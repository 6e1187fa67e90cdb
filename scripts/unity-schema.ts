// Regenerates the Unity (C#) code: `npm run unity:schema [folder]` (default unity/).
//   Schema/    the state classes, from schema/ (Colyseus's schema-codegen)
//   Protocol/  message payloads, message names and codes, from rooms/ (scripts/unity-protocol.ts)
// tests/unitySchema.test.ts and tests/unityProtocol.test.ts fail when they are out of date.
import { spawnSync } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { writeUnityProtocol } from "./unity-protocol.ts";

const unityDir = process.argv[2] ?? "unity";
// schema-codegen needs its output folder's parent to exist.
await mkdir(unityDir, { recursive: true });
const codegen = path.resolve(import.meta.dirname, "../node_modules/@colyseus/schema/bin/schema-codegen");
const result = spawnSync(
  process.execPath,
  [codegen, "schema/index.ts", "--output", path.join(unityDir, "Schema"), "--csharp", "--namespace", "Koto.Schema"],
  { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" },
);
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`C# state classes written to ${path.join(unityDir, "Schema")}`);
const written = await writeUnityProtocol(path.join(unityDir, "Protocol"));
console.log(`C# protocol (${written.join(", ")}) written to ${path.join(unityDir, "Protocol")}`);
