// Regenerates the Unity (C#) state classes from schema/: `npm run unity:schema`.
// tests/unitySchema.test.ts fails when unity/Schema is out of date.
import { spawnSync } from "node:child_process";
import path from "node:path";

const output = process.argv[2] ?? "unity/Schema";
const codegen = path.resolve(import.meta.dirname, "../node_modules/@colyseus/schema/bin/schema-codegen");
const result = spawnSync(
  process.execPath,
  [codegen, "schema/index.ts", "--output", output, "--csharp", "--namespace", "Koto.Schema"],
  { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" },
);
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`C# state classes written to ${output}`);
