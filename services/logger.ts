import { pino, type Logger as PinoLogger } from "pino";

export type Logger = PinoLogger;

/** Structured JSON logs. Secrets are redacted wherever they might be attached to a log line. */
export function createLogger(level: string, name = "koto"): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        "password",
        "*.password",
        "token",
        "*.token",
        "authorization",
        "*.authorization",
        "req.headers.authorization",
        "apiKey",
        "*.apiKey",
        "secret",
        "*.secret",
      ],
      censor: "[redacted]",
    },
  });
}
