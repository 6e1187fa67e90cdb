import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "@20minutes/s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../bench/serverProcess.ts";
import { systemClock } from "../../services/clock.ts";
import { S3ObjectStore } from "../../services/storage/S3ObjectStore.ts";
import { ManualClock } from "../helpers/manualClock.ts";

let s3: InstanceType<typeof S3rver>;
let store: S3ObjectStore;
let dir: string;
let endpoint: string;
const options = () => ({ endpoint, region: "us-east-1", accessKey: "S3RVER", secretKey: "S3RVER", bucket: "koto-test" });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "koto-s3-"));
  const port = await freePort();
  // A real S3 protocol server that checks SigV4 signatures (tampered or expired links get 403).
  s3 = new S3rver({ address: "127.0.0.1", port, directory: dir, silent: true });
  await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
  store = new S3ObjectStore(options(), systemClock);
  await store.ensureBucket();
});
afterAll(async () => {
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the S3 object store", () => {
  it("puts, reads, tests and deletes objects in a private bucket", async () => {
    const audio = Buffer.from("RIFF....WAVEfmt test audio");
    await store.put("tts/abc.wav", audio, "audio/wav");
    expect(await store.exists("tts/abc.wav")).toBe(true);
    expect(await store.get("tts/abc.wav")).toEqual({ body: audio, contentType: "audio/wav" });
    expect(await store.get("tts/missing.wav")).toBeUndefined();
    await store.delete("tts/abc.wav");
    expect(await store.exists("tts/abc.wav")).toBe(false);
  });

  it("gives presigned links that work, and refuses them tampered or expired", async () => {
    const audio = Buffer.from("OggS fake ogg audio");
    await store.put("recordings/u1/a.ogg", audio, "audio/ogg");
    const url = await store.signedUrl("recordings/u1/a.ogg", 60);
    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(audio);

    const tampered = new URL(url);
    tampered.pathname = tampered.pathname.replace("a.ogg", "b.ogg");
    expect((await fetch(tampered)).status).toBe(403);
    const forged = new URL(url);
    forged.searchParams.set("X-Amz-Signature", "0".repeat(64));
    expect((await fetch(forged)).status).toBe(403);

    // Signed by the store's clock: a minute's link given an hour ago has expired.
    const anHourAgo = new ManualClock(new Date(systemClock.now().getTime() - 3_600_000));
    const stale = await new S3ObjectStore(options(), anHourAgo).signedUrl("recordings/u1/a.ogg", 60);
    expect((await fetch(stale)).status).toBe(403);
  });

  it("refuses keys that could escape their prefix", async () => {
    await expect(store.put("../etc/passwd", Buffer.from("x"), "text/plain")).rejects.toThrow(/invalid object key/);
    await expect(store.signedUrl("a/../../b", 60)).rejects.toThrow(/invalid object key/);
  });
});
