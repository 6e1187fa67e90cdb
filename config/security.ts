import { z } from "zod";
import { optionalString } from "./env.ts";

/** Abuse resistance: origins allowed to call the API from browsers, rate limits, upload limits. */

const perMinute = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

export const securityEnvSchema = z.object({
  /** Comma-separated origins (https://play.example.com), or `*`. Unset: any origin outside production, none in production. */
  CORS_ORIGINS: optionalString,
  RATE_LIMIT_IP_PER_MINUTE: perMinute(600),
  RATE_LIMIT_SIGNIN_PER_MINUTE: perMinute(20),
  RATE_LIMIT_LEARNER_PER_MINUTE: perMinute(300),
  RATE_LIMIT_UPLOADS_PER_MINUTE: perMinute(30),
  RATE_LIMIT_JOINS_PER_MINUTE: perMinute(30),
  AUDIO_MAX_BYTES: z.coerce.number().int().min(1_024).max(20 * 1024 * 1024).default(2 * 1024 * 1024),
  AUDIO_MAX_SECONDS: z.coerce.number().min(1).max(300).default(30),
  AUDIO_RETENTION_HOURS: z.coerce.number().min(0.001).max(24 * 365).default(24 * 7),
  AUDIO_CLEANUP_MINUTES: z.coerce.number().min(0.05).max(24 * 60).default(60),
});

export type SecurityEnv = z.infer<typeof securityEnvSchema>;

export interface SecurityConfig {
  /** "any", or the exact origins allowed. */
  readonly corsOrigins: "any" | readonly string[];
  readonly rateLimits: {
    readonly ipPerMinute: number;
    readonly signInPerMinute: number;
    readonly learnerPerMinute: number;
    readonly uploadsPerMinute: number;
    readonly joinsPerMinute: number;
  };
  readonly audio: {
    readonly maxBytes: number;
    readonly maxSeconds: number;
    readonly retentionMs: number;
    readonly cleanupEveryMs: number;
  };
}

function origins(value: string | undefined, production: boolean): SecurityConfig["corsOrigins"] {
  if (value === undefined) return production ? [] : "any";
  if (value.trim() === "*") return "any";
  return value
    .split(",")
    .map((origin) => origin.trim().replace(/\/$/, ""))
    .filter(Boolean);
}

export function securityProblems(env: SecurityEnv): string[] {
  if (!env.CORS_ORIGINS || env.CORS_ORIGINS.trim() === "*") return [];
  const bad = env.CORS_ORIGINS.split(",").map((o) => o.trim()).filter((o) => o && !/^https?:\/\/[^/\s]+\/?$/.test(o));
  return bad.length > 0 ? [`CORS_ORIGINS: not an origin: ${bad.join(", ")}`] : [];
}

export function securityConfigFrom(env: SecurityEnv, production: boolean): SecurityConfig {
  return {
    corsOrigins: origins(env.CORS_ORIGINS, production),
    rateLimits: {
      ipPerMinute: env.RATE_LIMIT_IP_PER_MINUTE,
      signInPerMinute: env.RATE_LIMIT_SIGNIN_PER_MINUTE,
      learnerPerMinute: env.RATE_LIMIT_LEARNER_PER_MINUTE,
      uploadsPerMinute: env.RATE_LIMIT_UPLOADS_PER_MINUTE,
      joinsPerMinute: env.RATE_LIMIT_JOINS_PER_MINUTE,
    },
    audio: {
      maxBytes: env.AUDIO_MAX_BYTES,
      maxSeconds: env.AUDIO_MAX_SECONDS,
      retentionMs: env.AUDIO_RETENTION_HOURS * 3_600_000,
      cleanupEveryMs: env.AUDIO_CLEANUP_MINUTES * 60_000,
    },
  };
}
