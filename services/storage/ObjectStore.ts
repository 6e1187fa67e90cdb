/**
 * Private object storage for audio (tutor lines, learner recordings). Objects are never
 * public: clients get a short-lived signed URL.
 */
export interface ObjectStore {
  readonly kind: "fs" | "s3";
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<{ body: Buffer; contentType: string } | undefined>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Every key in the store, in no particular order (backups). */
  list(): AsyncIterable<string>;
  /** A URL the object can be fetched from until `ttlSeconds` from now. */
  signedUrl(key: string, ttlSeconds: number): Promise<string>;
}

/** Object keys: slash-separated segments of letters, digits, `-`, `_`, `.`; no `..`. */
const KEY = /^(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9/_.-]{0,511}$/;

export function assertKey(key: string): void {
  if (!KEY.test(key) || key.includes("//") || key.endsWith("/")) throw new InvalidObjectKeyError(key);
}

export class InvalidObjectKeyError extends Error {
  constructor(key: string) {
    super(`invalid object key: ${JSON.stringify(key.slice(0, 80))}`);
    this.name = "InvalidObjectKeyError";
  }
}

const TYPES: Record<string, string> = {
  wav: "audio/wav",
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  webm: "audio/webm",
  json: "application/json",
};

export function contentTypeOf(key: string): string {
  return TYPES[key.split(".").pop() ?? ""] ?? "application/octet-stream";
}
