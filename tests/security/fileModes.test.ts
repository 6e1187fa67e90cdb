import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileWriteJournal } from "../../services/writes/WriteJournal.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

/**
 * The data folder holds the embedded database, learners' recordings, the write journal and
 * the token secret: nobody but the server's own user may read any of it, whatever umask the
 * server was started with and whichever library creates the file.
 */

let parent: string;
let savedUmask: number;

beforeAll(async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), "koto-modes-"));
  // The most permissive umask there is: whatever is private below was made so on purpose.
  savedUmask = process.umask(0);
});
afterAll(async () => {
  process.umask(savedUmask);
  await rm(parent, { recursive: true, force: true });
});

/** Every entry under `root` whose mode lets its group or others in, with its mode. */
async function exposed(root: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (at: string) => {
    // A file written to a temporary name and renamed (a cached voice line) may go between the
    // listing and the look; what is left on disk is what counts.
    const info = await lstat(at).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    });
    if (!info) return;
    const mode = info.mode & 0o777;
    const expected = info.isDirectory() ? 0o700 : info.isFile() ? 0o600 : mode & 0o700;
    if (mode !== expected) found.push(`${path.relative(root, at) || "."} ${mode.toString(8)}`);
    if (info.isDirectory()) for (const name of await readdir(at)) await visit(path.join(at, name));
  };
  await visit(root);
  return found;
}

/** A recording stored, and a journal entry written by a module that sets no mode of its own. */
async function exercise(server: TestServer, dataDir: string): Promise<void> {
  const learner = await server.signIn("Private");
  const upload = await fetch(`${server.baseUrl}/api/v1/audio`, {
    method: "POST",
    headers: { "content-type": "audio/wav", authorization: `Bearer ${learner.token}` },
    body: new Uint8Array(await readFile("tests/fixtures/audio/answer.wav")),
  });
  expect(upload.status).toBe(201);
  const at = new Date().toISOString();
  await new FileWriteJournal(dataDir).append([{ at, reason: "rejected", op: { kind: "session.end", id: "x", status: "ended", endReason: "left", endedAt: at } }]);
}

describe("files private by default", () => {
  it("creates the data folder 0700 and every file in it 0600, embedded database included", async () => {
    const dataDir = path.join(parent, "fresh", "data");
    const server = await startTestServer({ env: { KOTO_DATA_DIR: dataDir } });
    try {
      await exercise(server, dataDir);
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
      expect((await readdir(path.join(dataDir, "pglite"))).length).toBeGreaterThan(5);
      expect(await exposed(dataDir)).toEqual([]);
    } finally {
      await server.stop();
    }
    // A database folder an earlier version left open to others is closed at the next start.
    const base = path.join(dataDir, "pglite", "base");
    await chmod(base, 0o777);
    for (const name of await readdir(base)) await chmod(path.join(base, name), 0o777);
    const again = await startTestServer({ env: { KOTO_DATA_DIR: dataDir } });
    try {
      await again.signIn("Again");
      expect(await exposed(dataDir)).toEqual([]);
    } finally {
      await again.stop();
    }
  });

  it("closes an existing data folder that others could enter", async () => {
    const dataDir = path.join(parent, "existing");
    await mkdir(dataDir);
    await chmod(dataDir, 0o777);
    const server = await startTestServer({ database: "postgres", env: { KOTO_DATA_DIR: dataDir } });
    try {
      await exercise(server, dataDir);
      expect(await exposed(dataDir)).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
