import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Clock } from "../../domain/clock.ts";
import { assertKey, contentTypeOf, type ObjectStore } from "./ObjectStore.ts";
import type { UrlSigner } from "./UrlSigner.ts";

/** Objects as files under the data folder, served by this server at `/media/<key>` with signed links. */
export class FsObjectStore implements ObjectStore {
  readonly kind = "fs" as const;
  readonly #root: string;
  readonly #signer: UrlSigner;
  readonly #baseUrl: string;
  readonly #clock: Clock;

  constructor(root: string, signer: UrlSigner, clock: Clock, baseUrl = "") {
    this.#root = path.resolve(root);
    this.#signer = signer;
    this.#clock = clock;
    this.#baseUrl = baseUrl.replace(/\/$/, "");
  }

  #path(key: string): string {
    assertKey(key);
    const file = path.resolve(this.#root, key);
    if (!file.startsWith(this.#root + path.sep)) throw new Error("object key escapes the store");
    return file;
  }

  async put(key: string, body: Buffer): Promise<void> {
    const file = this.#path(key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    // Write then rename: a reader never sees half a file. Recordings are the learner's alone.
    const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(temporary, body, { mode: 0o600 });
    await rename(temporary, file);
  }

  async get(key: string): Promise<{ body: Buffer; contentType: string } | undefined> {
    try {
      return { body: await readFile(this.#path(key)), contentType: contentTypeOf(key) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.#path(key)).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  async delete(key: string): Promise<void> {
    await unlink(this.#path(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }

  async *list(): AsyncIterable<string> {
    const entries = await readdir(this.#root, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const key = path.relative(this.#root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
      // A put still in progress (or cut short by a crash) is not an object.
      if (!key.endsWith(".tmp")) yield key;
    }
  }

  signedUrl(key: string, ttlSeconds: number): Promise<string> {
    // In an executor, a bad key rejects (callers .catch() it) rather than throwing synchronously.
    return new Promise((resolve) => {
      assertKey(key);
      const expires = Math.floor(this.#clock.now().getTime() / 1000) + ttlSeconds;
      const signature = this.#signer.sign(key, expires);
      resolve(`${this.#baseUrl}/media/${key}?expires=${expires}&signature=${signature}`);
    });
  }
}
