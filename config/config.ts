import { z } from "zod";
import { aiConfigFrom, aiEnvSchema, aiProblems, type AiConfig } from "./ai.ts";
import { backupConfigFrom, backupEnvSchema, type BackupConfig } from "./backup.ts";
import { optionalNumber, optionalString } from "./env.ts";
import { chooseRegion, type Region } from "./regions.ts";
import { securityConfigFrom, securityEnvSchema, securityProblems, type SecurityConfig } from "./security.ts";
import { storageConfigFrom, storageEnvSchema, storageProblems, type StorageConfig } from "./storage.ts";
import { trustProxySchema, type TrustProxy } from "./trustProxy.ts";

/**
 * The one place the environment is read. Everything else receives a typed `Config`.
 * The README documents each variable, and .env.example lists them all.
 */

const port = z.coerce.number().int().min(0).max(65535);

const baseEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(2567),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  PUBLIC_ADDRESS: optionalString,
  /** Which region's defaults to serve (config/regions.yaml). */
  REGION: z.string().trim().min(1).default("global"),
  /** Another regions file instead of config/regions.yaml. */
  REGIONS_FILE: optionalString,
  KOTO_DATA_DIR: z.string().trim().min(1).default("./data"),
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL").optional(),
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  REDIS_URL: optionalString.pipe(
    z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").optional(),
  ),
  MONITOR_USER: z.string().trim().min(1).default("admin"),
  MONITOR_PASSWORD: optionalString,
  JWT_SECRET: optionalString,
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(60 * 60 * 24 * 90).default(60 * 60 * 24 * 7),
  ROOM_CAPACITY: optionalNumber(z.number().int().min(1).max(500)),
  RECONNECT_SECONDS: z.coerce.number().int().min(0).max(600).default(20),
  PATCH_RATE_MS: z.coerce.number().int().min(10).max(1000).default(33),
  TRUST_PROXY: trustProxySchema,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WRITE_QUEUE_CAPACITY: z.coerce.number().int().min(10).max(10_000_000).default(100_000),
  /** On SIGTERM: how long learners see the notice before being moved, and the whole drain's limit. */
  DRAIN_NOTICE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  DRAIN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(20),
  /** The Colyseus playground at /playground; unset: on in development only. */
  PLAYGROUND: z
    .enum(["true", "false", "1", "0", "yes", "no", ""])
    .optional()
    .transform((value) => (value === undefined || value === "" ? undefined : ["true", "1", "yes"].includes(value))),
});

const envSchema = baseEnvSchema.extend(aiEnvSchema.shape).extend(storageEnvSchema.shape).extend(securityEnvSchema.shape).extend(backupEnvSchema.shape);

export type Env = z.infer<typeof envSchema>;

export interface Config {
  readonly env: Env["NODE_ENV"];
  readonly production: boolean;
  readonly port: number;
  readonly host: string;
  readonly publicAddress: string | undefined;
  readonly dataDir: string;
  readonly database: { readonly url: string | undefined; readonly poolSize: number };
  readonly redisUrl: string | undefined;
  readonly monitor: { readonly user: string; readonly password: string | undefined };
  readonly jwt: { readonly secret: string | undefined; readonly ttlSeconds: number };
  readonly rooms: {
    readonly capacityOverride: number | undefined;
    readonly reconnectSeconds: number;
    readonly patchRateMs: number;
  };
  /** Which hops' X-Forwarded-For to believe for client IPs (HTTP and room joins alike). */
  readonly trustProxy: TrustProxy;
  readonly logLevel: Env["LOG_LEVEL"];
  readonly writeQueueCapacity: number;
  readonly drainNoticeMs: number;
  readonly drainTimeoutMs: number;
  /** Serve the Colyseus playground (a development tool, never in production) at /playground. */
  readonly playground: boolean;
  readonly ai: AiConfig;
  readonly storage: StorageConfig;
  readonly security: SecurityConfig;
  readonly backup: BackupConfig;
  /** The languages, lessons and data location this deployment serves (REGION). */
  readonly region: Region;
}

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Secrets that ship in examples or are trivially guessable; production refuses them. */
const WEAK_SECRETS = new Set(["", "changeme", "change-me", "secret", "password", "admin", "koto", "dev-secret"]);

export function isWeakSecret(value: string | undefined, minLength: number): boolean {
  return value === undefined || value.length < minLength || WEAK_SECRETS.has(value.toLowerCase());
}

function productionProblems(env: Env): string[] {
  const problems: string[] = [];
  if (isWeakSecret(env.MONITOR_PASSWORD, 12)) {
    problems.push("MONITOR_PASSWORD: production needs a non-default password of at least 12 characters");
  }
  if (isWeakSecret(env.JWT_SECRET, 32)) {
    problems.push("JWT_SECRET: production needs a non-default secret of at least 32 characters");
  }
  if (env.PLAYGROUND) problems.push("PLAYGROUND: the Colyseus playground is a development tool; production never serves it");
  return problems;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // The region's data location fills in what the environment leaves unset, before validation.
  const region = chooseRegion(source.REGION?.trim() || "global", source, source.REGIONS_FILE?.trim() || undefined);
  if (!region.ok) throw new ConfigError(region.problems);
  const parsed = envSchema.safeParse({ ...source, ...region.defaults });
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const problems = [...aiProblems(env), ...storageProblems(env), ...securityProblems(env), ...(env.NODE_ENV === "production" ? productionProblems(env) : [])];
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: env.NODE_ENV,
    production: env.NODE_ENV === "production",
    port: env.PORT,
    host: env.HOST,
    publicAddress: env.PUBLIC_ADDRESS,
    dataDir: env.KOTO_DATA_DIR,
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE },
    redisUrl: env.REDIS_URL,
    monitor: { user: env.MONITOR_USER, password: env.MONITOR_PASSWORD },
    jwt: { secret: env.JWT_SECRET, ttlSeconds: env.JWT_TTL_SECONDS },
    rooms: {
      capacityOverride: env.ROOM_CAPACITY,
      reconnectSeconds: env.RECONNECT_SECONDS,
      patchRateMs: env.PATCH_RATE_MS,
    },
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    writeQueueCapacity: env.WRITE_QUEUE_CAPACITY,
    drainNoticeMs: env.DRAIN_NOTICE_MS,
    drainTimeoutMs: env.DRAIN_TIMEOUT_SECONDS * 1000,
    playground: env.PLAYGROUND ?? env.NODE_ENV === "development",
    ai: aiConfigFrom(env),
    storage: storageConfigFrom(env),
    security: securityConfigFrom(env, env.NODE_ENV === "production"),
    backup: backupConfigFrom(env),
    region: region.region,
  };
}
