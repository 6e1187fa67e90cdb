/**
 * Unity's .meta files for the package in unity/. A package installed from a registry or a git
 * URL is read-only, and Unity ignores any asset there without a .meta file, so every file and
 * folder ships one. The GUID is derived from the path, so regenerating never changes it and
 * moving a file gives it a new one (Unity then sees a new asset, as it would for a new file).
 * Folders ending in `~` (Samples~) and dot files are hidden from Unity and get none.
 */
import { createHash } from "node:crypto";
import { readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

const PACKAGE = "com.koto.client";

const tail = "  externalObjects: {}\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n";
const IMPORTERS: Record<string, string> = {
  ".cs": "MonoImporter:\n  externalObjects: {}\n  serializedVersion: 2\n  defaultReferences: []\n  executionOrder: 0\n  icon: {instanceID: 0}\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n",
  ".asmdef": `AssemblyDefinitionImporter:\n${tail}`,
  ".json": `TextScriptImporter:\n${tail}`,
  ".md": `TextScriptImporter:\n${tail}`,
};

export function unityGuid(relativePath: string): string {
  return createHash("md5").update(`${PACKAGE}/${relativePath.split(path.sep).join("/")}`).digest("hex");
}

/** The .meta text for a file or folder at `relativePath` inside the package. */
export function metaFor(relativePath: string, isFolder: boolean): string {
  const head = `fileFormatVersion: 2\nguid: ${unityGuid(relativePath)}\n`;
  if (isFolder) return `${head}folderAsset: yes\nDefaultImporter:\n${tail}`;
  const importer = IMPORTERS[path.extname(relativePath)];
  if (!importer) throw new Error(`${relativePath}: no Unity importer is known for this kind of file; add one to scripts/unity/unityMeta.ts`);
  return head + importer;
}

const hidden = (name: string) => name.startsWith(".") || name.endsWith("~");

/** Writes a .meta next to every file and folder under `root` and removes .meta files left without one. */
export async function writeUnityMetas(root: string, dir = ""): Promise<number> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true });
  const assets = new Set(entries.filter((e) => !hidden(e.name) && !e.name.endsWith(".meta")).map((e) => e.name));
  let written = 0;
  for (const entry of entries) {
    const relative = path.join(dir, entry.name);
    if (entry.name.endsWith(".meta")) {
      if (!assets.has(entry.name.slice(0, -".meta".length))) await rm(path.join(root, relative));
      continue;
    }
    if (hidden(entry.name)) continue;
    // The package root's own files (package.json, README.md) have metas; the root folder itself does not.
    await writeFile(path.join(root, `${relative}.meta`), metaFor(relative, entry.isDirectory()));
    written++;
    if (entry.isDirectory()) written += await writeUnityMetas(root, relative);
  }
  return written;
}
