import { Router } from "express";
import { z } from "zod";
import { displayNameSchema, learnerLangSchema } from "../domain/learners/learner.ts";
import type { LearnerStore } from "../services/identity/LearnerStore.ts";
import type { TokenService } from "../services/identity/TokenService.ts";
import { sendError } from "./errors.ts";

export const guestBody = z.object({ name: displayNameSchema, lang: learnerLangSchema });

export interface AuthDeps {
  learners: LearnerStore;
  tokens: TokenService;
}

/** Sign-in. Guests today; other methods (email, OAuth) mint the same token later. */
export function authRoutes(deps: AuthDeps): Router {
  const router = Router();
  router.post("/api/v1/auth/guest", async (req, res) => {
    const body = guestBody.safeParse(req.body);
    if (!body.success) {
      const first = body.error.issues[0];
      return sendError(res, 400, "invalid_body", `${first?.path.join(".") || "body"}: ${first?.message ?? "invalid"}`);
    }
    const learner = await deps.learners.createGuest(body.data);
    const { token, expiresAt } = await deps.tokens.issue(learner);
    return res.status(201).json({ token, expiresAt: expiresAt.toISOString(), learner });
  });
  return router;
}
