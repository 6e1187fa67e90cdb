import { Client, S3Error } from "minio";
import type { Clock } from "../../domain/clock.ts";
import { assertKey, type ObjectStore } from "./ObjectStore.ts";

export interface S3Options {
  endpoint: string;
  /** The endpoint clients reach the bucket at, for presigned links; defaults to `endpoint`. */
  publicEndpoint?: string | undefined;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
}

function clientFor(url: string, options: S3Options): Client {
  const parsed = new URL(url);
  const useSSL = parsed.protocol === "https:";
  return new Client({
    endPoint: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    // With the region given, presigning needs no round trip to the server.
    region: options.region,
    pathStyle: true,
  });
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const isMissing = (error: unknown) => error instanceof S3Error && (error.code === "NoSuchKey" || error.code === "NotFound");

/** A private S3/MinIO bucket; clients get presigned GET links with a short lifetime. */
export class S3ObjectStore implements ObjectStore {
  readonly kind = "s3" as const;
  readonly #client: Client;
  readonly #presigner: Client;
  readonly #bucket: string;
  readonly #region: string;
  readonly #clock: Clock;

  constructor(options: S3Options, clock: Clock) {
    this.#client = clientFor(options.endpoint, options);
    this.#presigner = clientFor(options.publicEndpoint ?? options.endpoint, options);
    this.#bucket = options.bucket;
    this.#region = options.region;
    this.#clock = clock;
  }

  /** Creates the bucket when missing (MinIO, tests); managed S3 buckets are made by operators. */
  async ensureBucket(): Promise<void> {
    if (!(await this.#client.bucketExists(this.#bucket))) await this.#client.makeBucket(this.#bucket, this.#region);
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    assertKey(key);
    await this.#client.putObject(this.#bucket, key, body, body.length, { "Content-Type": contentType });
  }

  async get(key: string): Promise<{ body: Buffer; contentType: string } | undefined> {
    assertKey(key);
    try {
      const stat = await this.#client.statObject(this.#bucket, key);
      const body = await collect(await this.#client.getObject(this.#bucket, key));
      // minio types metadata values as any; a header set by some other uploader may not be a string.
      const contentType: unknown = stat.metaData["content-type"];
      return { body, contentType: typeof contentType === "string" ? contentType : "application/octet-stream" };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    assertKey(key);
    try {
      await this.#client.statObject(this.#bucket, key);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.#client.removeObject(this.#bucket, key);
  }

  async *list(): AsyncIterable<string> {
    for await (const item of this.#client.listObjectsV2(this.#bucket, "", true) as AsyncIterable<{ name?: string }>) {
      if (item.name) yield item.name;
    }
  }

  async signedUrl(key: string, ttlSeconds: number): Promise<string> {
    assertKey(key);
    // The link's start time; minio reads the system clock unless given one.
    return this.#presigner.presignedGetObject(this.#bucket, key, ttlSeconds, {}, this.#clock.now());
  }
}
