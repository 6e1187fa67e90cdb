import { Router } from "express";
import { z } from "zod";
import { displayNameSchema, learnerLangSchema, type LearnerLang } from "../domain/learners/learner.ts";
import type { LearnerStore } from "../services/identity/LearnerStore.ts";
import type { TokenService } from "../services/identity/TokenService.ts";
import { sendError } from "./errors.ts";

export const guestBody = z.object({
  name: displayNameSchema,
  lang: learnerLangSchema.optional().meta({ description: "The learner's instruction language; unset: the first this server offers (`languages` in /api/v1/features)." }),
});

export interface AuthDeps {
  learners: LearnerStore;
  tokens: TokenService;
  /** The instruction languages this deployment offers (its region), the default first. */
  languages: readonly LearnerLang[];
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
    const lang = body.data.lang ?? deps.languages[0]!;
    if (!deps.languages.includes(lang)) {
      return sendError(res, 400, "language_unavailable", `This server teaches in ${deps.languages.join(", ")}; choose one of them.`);
    }
    const learner = await deps.learners.createGuest({ name: body.data.name, lang });
    const { token, expiresAt } = await deps.tokens.issue(learner);
    return res.status(201).json({ token, expiresAt: expiresAt.toISOString(), learner });
  });
  return router;
}
