import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The project's own eslint.config.js, run through ESLint's Node API on snippets. The snippets are
// not files of the TypeScript project, so the typed rules are switched off for them; the import
// rules need no types. One case below keeps the types on, at the path of a real file.
const root = path.resolve(import.meta.dirname, "../..");
const configFile = path.join(root, "eslint.config.js");
const untyped = { files: ["**/*.ts"], ...tseslint.configs.disableTypeChecked };
const eslint = new ESLint({ cwd: root, overrideConfig: [untyped] });

async function rulesBroken(code: string, filePath: string, linter = eslint): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe("layer boundaries", () => {
  it("fails domain/ importing services/, rooms/, http/ or schema/", async () => {
    for (const layer of ["services/clock.ts", "rooms/protocol.ts", "http/errors.ts", "schema/index.ts"]) {
      const code = `import * as other from "../${layer}";\nexport const used = other;\n`;
      expect(await rulesBroken(code, "domain/x.ts"), layer).toEqual(["import-x/no-restricted-paths"]);
    }
  });

  it("fails a framework in domain/, in a nested folder, as a type and as a dynamic import", async () => {
    expect(await rulesBroken('import express from "express";\nexport const app = express;\n', "domain/x.ts")).toEqual(["no-restricted-imports"]);
    expect(await rulesBroken('import type { Room } from "@colyseus/core";\nexport type R = Room;\n', "domain/scenes/x.ts")).toEqual(["no-restricted-imports"]);
    expect(await rulesBroken('import { PrismaClient } from "@prisma/client/extension";\nexport const c = PrismaClient;\n', "domain/x.ts")).toEqual(["no-restricted-imports"]);
    expect(await rulesBroken('export const pg = await import("pg");\n', "domain/x.ts")).toEqual(["no-restricted-syntax"]);
  });

  it("fails services/ importing rooms/ or http/", async () => {
    expect(await rulesBroken('import * as protocol from "../rooms/protocol.ts";\nexport const p = protocol;\n', "services/x.ts")).toEqual(["import-x/no-restricted-paths"]);
    expect(await rulesBroken('import * as errors from "../../http/errors.ts";\nexport const e = errors;\n', "services/writes/x.ts")).toEqual(["import-x/no-restricted-paths"]);
  });

  it("passes what the layers may import", async () => {
    const domain = [
      'import { z } from "zod";',
      'import { josa } from "es-hangul";',
      'import { distance } from "fastest-levenshtein";',
      'import { parse } from "yaml";',
      'import { sanitizeChat } from "./chat.ts";',
      "export const used = [z, josa, distance, parse, sanitizeChat];",
      "",
    ].join("\n");
    expect(await rulesBroken(domain, "domain/x.ts")).toEqual([]);
    const services = 'import { sanitizeChat } from "../domain/chat.ts";\nimport { systemClock } from "./clock.ts";\nexport const used = [sanitizeChat, systemClock];\n';
    expect(await rulesBroken(services, "services/x.ts")).toEqual([]);
    expect(await rulesBroken('import { systemClock } from "../services/clock.ts";\nexport const c = systemClock;\n', "rooms/x.ts")).toEqual([]);
  });
});

describe("one clock", () => {
  const reads = ["Date.now()", "new Date()", "Date()", "performance.now()", "process.hrtime.bigint()"];

  it("fails reading the system clock in domain/, rooms/, services/ and http/", async () => {
    for (const file of ["domain/x.ts", "domain/tutor/x.ts", "rooms/x.ts", "services/x.ts", "services/writes/x.ts", "http/x.ts"]) {
      for (const read of reads) {
        expect(await rulesBroken(`export const t = ${read};\n`, file), `${read} in ${file}`).toEqual(["no-restricted-syntax"]);
      }
    }
    // Passed along rather than called, it is as much a read.
    expect(await rulesBroken("export const now: () => number = Date.now;\n", "services/x.ts")).toEqual(["no-restricted-syntax"]);
    expect(await rulesBroken('import { performance as p } from "node:perf_hooks";\nexport const t = p.now();\n', "services/x.ts")).toEqual(["no-restricted-syntax"]);
  });

  it("keeps domain/'s own rule alongside it", async () => {
    const code = 'export const t = Date.now();\nexport const z = await import("zod");\n';
    expect(await rulesBroken(code, "domain/x.ts")).toEqual(["no-restricted-syntax", "no-restricted-syntax"]);
  });

  it("passes dates made from a value, the system clock itself, and code outside the game's layers", async () => {
    const code = 'export const a = new Date(0);\nexport const b = new Date("2026-11-01T00:00:00Z");\nexport const c = (clock: { now(): Date }) => clock.now();\n';
    for (const file of ["domain/x.ts", "rooms/x.ts", "services/x.ts"]) expect(await rulesBroken(code, file)).toEqual([]);
    expect(await rulesBroken("export const now = () => new Date();\nexport const ms = () => performance.now();\n", "services/clock.ts")).toEqual([]);
    for (const file of ["scripts/x.ts", "bench/x.ts", "loadtest/x.ts", "tests/x.test.ts"]) {
      expect(await rulesBroken("export const t = performance.now() + Date.now();\n", file)).toEqual([]);
    }
  });
});

describe("import cycles", () => {
  let dir: string;
  // Files of its own outside the repository: a cycle must be on disk for the rule to follow it,
  // and must not show up in anyone's `npm run lint` meanwhile.
  let outside: ESLint;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "koto-lint-"));
    outside = new ESLint({ cwd: dir, overrideConfigFile: configFile, overrideConfig: [untyped] });
    await writeFile(path.join(dir, "a.ts"), 'import { b } from "./b.ts";\nexport const a = (): unknown => b;\n');
    await writeFile(path.join(dir, "b.ts"), 'import { a } from "./a.ts";\nexport const b = (): unknown => a;\n');
    await writeFile(path.join(dir, "c.ts"), 'import { a } from "./a.ts";\nexport const c = (): unknown => a;\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("fails two files importing each other", async () => {
    const results = await outside.lintFiles(["a.ts", "b.ts"]);
    expect(results.map((r) => r.messages.map((m) => m.ruleId))).toEqual([["import-x/no-cycle"], ["import-x/no-cycle"]]);
  });

  it("passes a file that only imports into the cycle", async () => {
    const [result] = await outside.lintFiles(["c.ts"]);
    expect(result!.messages).toEqual([]);
  });
});

describe("typed rules", () => {
  it("fails a floating promise, an explicit any and an assertion that changes nothing", async () => {
    const typed = new ESLint({ cwd: root });
    const code = [
      "async function later(): Promise<number> { return Promise.resolve(1); }",
      "later();",
      "export const loose: any = 1;",
      "export const n: number = later.length as number;",
      "",
    ].join("\n");
    // The path of a real file, so the TypeScript project knows it; the text is this snippet.
    expect(await rulesBroken(code, "services/clock.ts", typed)).toEqual([
      "@typescript-eslint/no-floating-promises",
      "@typescript-eslint/no-explicit-any",
      "@typescript-eslint/no-unnecessary-type-assertion",
    ]);
  });
});
