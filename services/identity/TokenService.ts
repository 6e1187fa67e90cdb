import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import type { Clock } from "../../domain/clock.ts";
import { learnerLangSchema, type Learner } from "../../domain/learners/learner.ts";

export type TokenFailure = "missing" | "invalid" | "expired";
export type TokenCheck = { ok: true; learner: Learner } | { ok: false; reason: TokenFailure };

const ISSUER = "koto";
const AUDIENCE = "koto-learner";

const claimsSchema = z.object({
  sub: z.uuid(),
  name: z.string().min(1),
  lang: learnerLangSchema,
});

/**
 * Signed learner tokens (HS256 JWT). A token says who the learner is; rooms and endpoints
 * take identity from here only. How the learner signed in (guest today, email or OAuth
 * later) does not change the token, so rooms never change with it.
 */
export class TokenService {
  readonly #key: Uint8Array;
  readonly #ttlSeconds: number;
  readonly #clock: Clock;

  constructor(secret: string, ttlSeconds: number, clock: Clock) {
    this.#key = new TextEncoder().encode(secret);
    this.#ttlSeconds = ttlSeconds;
    this.#clock = clock;
  }

  async issue(learner: Learner, ttlSeconds = this.#ttlSeconds): Promise<{ token: string; expiresAt: Date }> {
    const now = Math.floor(this.#clock.now().getTime() / 1000);
    const expiresAt = new Date((now + ttlSeconds) * 1000);
    const token = await new SignJWT({ name: learner.name, lang: learner.lang })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(learner.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(this.#key);
    return { token, expiresAt };
  }

  async verify(token: string | undefined | null): Promise<TokenCheck> {
    if (!token) return { ok: false, reason: "missing" };
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
        // jose reads the system clock for expiry unless told the time.
        currentDate: this.#clock.now(),
      });
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return { ok: false, reason: "invalid" };
      return { ok: true, learner: { userId: claims.data.sub, name: claims.data.name, lang: claims.data.lang } };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
      return { ok: false, reason: "invalid" };
    }
  }
}
