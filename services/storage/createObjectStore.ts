import path from "node:path";
import type { Config } from "../../config/config.ts";
import type { Clock } from "../../domain/clock.ts";
import { FsObjectStore } from "./FsObjectStore.ts";
import type { ObjectStore } from "./ObjectStore.ts";
import { S3ObjectStore } from "./S3ObjectStore.ts";
import type { UrlSigner } from "./UrlSigner.ts";

/** The configured object store: files in the data folder, or an S3/MinIO bucket. */
export async function createObjectStore(config: Config, signer: UrlSigner, clock: Clock): Promise<ObjectStore> {
  const storage = config.storage;
  if (storage.kind === "fs") {
    return new FsObjectStore(path.join(config.dataDir, "objects"), signer, clock, storage.publicHttpUrl ?? "");
  }
  const store = new S3ObjectStore(storage, clock);
  if (storage.createBucket) await store.ensureBucket();
  return store;
}
