import { z } from "zod";
import { booleanFlag, optionalString } from "./env.ts";

/** Object storage: the local file system by default, S3/MinIO with STORAGE=s3. */

export const storageEnvSchema = z.object({
  STORAGE: z.enum(["fs", "s3"]).default("fs"),
  S3_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** Where clients reach the bucket, when that differs from S3_ENDPOINT (presigned links name it). */
  S3_PUBLIC_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  S3_REGION: z.string().trim().min(1).default("us-east-1"),
  S3_ACCESS_KEY: optionalString,
  S3_SECRET_KEY: optionalString,
  S3_BUCKET: z.string().trim().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name").default("koto"),
  /** Create the bucket at start when it does not exist (handy for MinIO; off for managed S3). */
  S3_CREATE_BUCKET: booleanFlag,
  /** Lifetime of the links clients get to audio. */
  MEDIA_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(7 * 24 * 3600).default(300),
  /** Base URL clients reach this server's HTTP API on, for absolute media links; else links are relative. */
  PUBLIC_HTTP_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
});

export type StorageEnv = z.infer<typeof storageEnvSchema>;

export type StorageConfig =
  | { readonly kind: "fs"; readonly urlTtlSeconds: number; readonly publicHttpUrl: string | undefined }
  | {
      readonly kind: "s3";
      readonly urlTtlSeconds: number;
      readonly publicHttpUrl: string | undefined;
      readonly endpoint: string;
      readonly publicEndpoint: string | undefined;
      readonly region: string;
      readonly accessKey: string;
      readonly secretKey: string;
      readonly bucket: string;
      readonly createBucket: boolean;
    };

export function storageProblems(env: StorageEnv): string[] {
  if (env.STORAGE !== "s3") return [];
  return (["S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY"] as const)
    .filter((name) => !env[name])
    .map((name) => `${name}: required when STORAGE=s3`);
}

export function storageConfigFrom(env: StorageEnv): StorageConfig {
  const common = { urlTtlSeconds: env.MEDIA_URL_TTL_SECONDS, publicHttpUrl: env.PUBLIC_HTTP_URL };
  if (env.STORAGE === "fs") return { kind: "fs", ...common };
  return {
    kind: "s3",
    ...common,
    endpoint: env.S3_ENDPOINT!,
    publicEndpoint: env.S3_PUBLIC_ENDPOINT,
    region: env.S3_REGION,
    accessKey: env.S3_ACCESS_KEY!,
    secretKey: env.S3_SECRET_KEY!,
    bucket: env.S3_BUCKET,
    createBucket: env.S3_CREATE_BUCKET,
  };
}
