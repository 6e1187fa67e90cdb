import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";

/**
 * Signs links to objects served by this server (the file-system store): a link names the
 * object and an expiry, and carries an HMAC of both. Tampering or waiting breaks it.
 */
export class UrlSigner {
  // A KeyObject, not bytes: HMAC with raw bytes re-imports the key on every call, five
  // times the cost, and every prompt and feedback signs a link.
  readonly #key: KeyObject;

  constructor(secret: string) {
    this.#key = createSecretKey(createHmac("sha256", secret).update("koto:media-url").digest());
  }

  #mac(key: string, expires: number): Buffer {
    return createHmac("sha256", this.#key).update(`${key}\n${expires}`).digest();
  }

  sign(key: string, expires: number): string {
    return this.#mac(key, expires).toString("base64url");
  }

  /** "ok", or why the link is refused. */
  check(key: string, expires: number, signature: string, nowSeconds: number): "ok" | "expired" | "bad_signature" {
    const given = Buffer.from(signature, "base64url");
    const wanted = this.#mac(key, expires);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return "bad_signature";
    return expires < nowSeconds ? "expired" : "ok";
  }
}
