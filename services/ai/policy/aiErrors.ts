/** Telling AI provider failures apart: which are worth a retry, and a short code for the log. */

/** The provider answered, but not with something we can use (malformed or off-schema). */
export class InvalidResponseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvalidResponseError";
  }
}

/** The provider refused or failed the call; `status` mirrors HTTP or gRPC status. */
export class ProviderCallError extends Error {
  readonly code: string;
  readonly transient: boolean;
  constructor(code: string, transient: boolean, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ProviderCallError";
    this.code = code;
    this.transient = transient;
  }
}

const TRANSIENT_HTTP = new Set([408, 429, 500, 502, 503, 504]);
// gRPC: DEADLINE_EXCEEDED 4, RESOURCE_EXHAUSTED 8, ABORTED 10, INTERNAL 13, UNAVAILABLE 14.
const TRANSIENT_GRPC = new Set([4, 8, 10, 13, 14]);
const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_SOCKET"]);

function field(error: unknown, name: string): unknown {
  return typeof error === "object" && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; current = field(current, "cause"), depth += 1) {
    const code = field(current, "code");
    if (typeof code === "string" && NETWORK.has(code)) return code;
  }
  return undefined;
}

/** A short, stable code for the usage log: http_429, grpc_14, network_ECONNREFUSED, invalid_response, ... */
export function errorCodeOf(error: unknown): string {
  if (error instanceof ProviderCallError) return error.code;
  if (error instanceof InvalidResponseError) return "invalid_response";
  const status = field(error, "status");
  if (typeof status === "number") return `http_${status}`;
  const code = field(error, "code");
  if (typeof code === "number") return `grpc_${code}`;
  const network = networkCode(error);
  if (network) return `network_${network}`;
  return "error";
}

export function isTransient(error: unknown): boolean {
  if (error instanceof ProviderCallError) return error.transient;
  if (error instanceof InvalidResponseError) return false;
  const status = field(error, "status");
  if (typeof status === "number") return TRANSIENT_HTTP.has(status);
  const code = field(error, "code");
  if (typeof code === "number") return TRANSIENT_GRPC.has(code);
  return networkCode(error) !== undefined || (error instanceof TypeError && /fetch failed/i.test(error.message));
}

/** A provider's error text made safe to store: bounded, and without anything secret in it. */
export function safeMessage(error: unknown, secrets: readonly string[]): string {
  let text = error instanceof Error ? error.message : String(error);
  for (const secret of secrets) if (secret) text = text.split(secret).join("[redacted]");
  return text.replace(/\s+/g, " ").slice(0, 300);
}
