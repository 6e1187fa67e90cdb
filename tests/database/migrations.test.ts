import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diffMigrationsToSchema, MIGRATIONS_DIR, SCHEMA_FILE } from "../../services/database/migrations.ts";

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("schema.prisma and prisma/migrations", () => {
  it("agree: replaying the migrations yields exactly the schema", async () => {
    const diff = await diffMigrationsToSchema();
    expect(diff.sql).toMatch(/empty migration/i);
    expect(diff.inSync).toBe(true);
  });

  it("are reported as drifting when the schema gains a column no migration creates", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "koto-drift-"));
    scratch.push(dir);
    const schema = (await readFile(SCHEMA_FILE, "utf8")).replace(
      "  lastSeenAt  DateTime",
      "  nickname    String?\n  lastSeenAt  DateTime",
    );
    const schemaFile = path.join(dir, "schema.prisma");
    await writeFile(schemaFile, schema);
    await cp(MIGRATIONS_DIR, path.join(dir, "migrations"), { recursive: true });
    const diff = await diffMigrationsToSchema(path.join(dir, "migrations"), schemaFile);
    expect(diff.inSync).toBe(false);
    expect(diff.sql).toMatch(/ALTER TABLE "users" ADD COLUMN\s+"nickname" TEXT/);
  });
});
