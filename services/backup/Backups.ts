import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Clock } from "../../domain/clock.ts";
import { assertKey, type ObjectStore } from "../storage/ObjectStore.ts";
import type { DatabaseBackup } from "./DatabaseBackup.ts";

/**
 * One backup is a folder named after its time (`koto-2026-12-01T23-30-05Z`): the database
 * dump, every object of the store under `objects/`, and `manifest.json` with each file's size
 * and SHA-256. The database goes first, so every object a row names is in the copy (objects
 * are only ever added, or deleted once expired). A folder is written as `<name>.partial` and
 * renamed when complete, so a crash never leaves something that looks like a backup.
 */

const FOLDER = /^koto-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z(\.partial)?$/;

const fileEntry = z.object({ file: z.string().min(1), bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const manifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.iso.datetime(),
  database: fileEntry.extend({ kind: z.enum(["postgres", "pglite"]) }),
  objects: z.array(fileEntry.extend({ key: z.string().min(1), contentType: z.string().min(1) })),
});
export type Manifest = z.infer<typeof manifestSchema>;

export type BackupOutcome =
  | { ok: true; folder: string; manifest: Manifest; pruned: string[] }
  | { ok: false; code: string; message: string };
export type RestoreOutcome = { ok: true; manifest: Manifest } | { ok: false; code: string; message: string };

function isObjectKey(key: string): boolean {
  try {
    assertKey(key);
    return true;
  } catch {
    return false;
  }
}

const sha256 = (body: Buffer) => createHash("sha256").update(body).digest("hex");

function folderName(now: Date): string {
  return `koto-${now.toISOString().slice(0, 19).replace(/:/g, "-")}Z`;
}

function folderTime(name: string): number | undefined {
  const match = FOLDER.exec(name);
  return match ? Date.parse(`${match[1]}T${match[2]}:${match[3]}:${match[4]}Z`) : undefined;
}

export interface BackupDeps {
  database: DatabaseBackup;
  store: ObjectStore;
  clock: Clock;
}

async function copyObjects(store: ObjectStore, into: string): Promise<Manifest["objects"]> {
  const entries: Manifest["objects"] = [];
  for await (const key of store.list()) {
    const object = await store.get(key);
    // Deleted (expired) between the listing and now: not part of this copy.
    if (!object) continue;
    const file = path.join("objects", ...key.split("/"));
    await mkdir(path.dirname(path.join(into, file)), { recursive: true, mode: 0o700 });
    await writeFile(path.join(into, file), object.body, { mode: 0o600 });
    entries.push({ key, file, contentType: object.contentType, bytes: object.body.length, sha256: sha256(object.body) });
  }
  return entries.sort((a, b) => a.key.localeCompare(b.key));
}

/** Makes a backup in `root`, then deletes backups (and abandoned partial ones) older than `keepDays`. */
export async function createBackup(deps: BackupDeps, root: string, keepDays: number): Promise<BackupOutcome> {
  const now = deps.clock.now();
  const name = folderName(now);
  const partial = path.join(path.resolve(root), `${name}.partial`);
  await mkdir(partial, { recursive: true, mode: 0o700 });
  const dumpFile = path.join(partial, deps.database.fileName);
  const dumped = await deps.database.dump(dumpFile);
  if (!dumped.ok) {
    await rm(partial, { recursive: true, force: true });
    return dumped;
  }
  const dump = await readFile(dumpFile);
  const manifest: Manifest = {
    format: 1,
    createdAt: now.toISOString(),
    database: { kind: deps.database.kind, file: deps.database.fileName, bytes: dump.length, sha256: sha256(dump) },
    objects: await copyObjects(deps.store, partial),
  };
  await writeFile(path.join(partial, "manifest.json"), JSON.stringify(manifest, null, 2), { mode: 0o600 });
  const folder = path.join(path.dirname(partial), name);
  await rename(partial, folder);
  return { ok: true, folder, manifest, pruned: await pruneBackups(root, keepDays, now, name) };
}

/** Deletes backup folders older than `keepDays` before `now`; never `keep`, never anything else. */
export async function pruneBackups(root: string, keepDays: number, now: Date, keep?: string): Promise<string[]> {
  const cutoff = now.getTime() - keepDays * 86_400_000;
  const pruned: string[] = [];
  for (const name of await readdir(root).catch(() => [])) {
    const time = folderTime(name);
    if (time === undefined || name === keep || time >= cutoff) continue;
    if (!(await stat(path.join(root, name))).isDirectory()) continue;
    await rm(path.join(root, name), { recursive: true, force: true });
    pruned.push(name);
  }
  return pruned.sort();
}

/** The manifest, with every file it names present and intact; a problem otherwise. */
export async function readBackup(folder: string): Promise<RestoreOutcome> {
  const text = await readFile(path.join(folder, "manifest.json"), "utf8").catch(() => undefined);
  if (text === undefined) return { ok: false, code: "not_a_backup", message: `${folder} has no manifest.json: not a backup folder` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, code: "bad_manifest", message: `${folder}/manifest.json is not valid JSON` };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) return { ok: false, code: "bad_manifest", message: `${folder}/manifest.json: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` };
  for (const entry of [parsed.data.database, ...parsed.data.objects]) {
    const inside = path.resolve(folder, entry.file);
    if (!inside.startsWith(path.resolve(folder) + path.sep)) return { ok: false, code: "bad_manifest", message: `manifest names a file outside the backup: ${entry.file}` };
    const body = await readFile(inside).catch(() => undefined);
    if (!body || body.length !== entry.bytes || sha256(body) !== entry.sha256) {
      return { ok: false, code: "damaged", message: `${entry.file} is missing or does not match the manifest (size or SHA-256): the backup is damaged` };
    }
  }
  const badKey = parsed.data.objects.find((object) => !isObjectKey(object.key));
  if (badKey) return { ok: false, code: "bad_manifest", message: `manifest names an invalid object key: ${JSON.stringify(badKey.key.slice(0, 80))}` };
  return { ok: true, manifest: parsed.data };
}

/** Checks the whole backup first, then brings back the database and every object. */
export async function restoreBackup(deps: BackupDeps, folder: string, force: boolean): Promise<RestoreOutcome> {
  const checked = await readBackup(folder);
  if (!checked.ok) return checked;
  const { manifest } = checked;
  if (manifest.database.kind !== deps.database.kind) {
    return { ok: false, code: "wrong_kind", message: `the backup holds a ${manifest.database.kind} database and this deployment uses ${deps.database.kind}` };
  }
  const restored = await deps.database.restore(path.join(folder, manifest.database.file), force);
  if (!restored.ok) return restored;
  for (const object of manifest.objects) {
    await deps.store.put(object.key, await readFile(path.join(folder, object.file)), object.contentType);
  }
  return { ok: true, manifest };
}
