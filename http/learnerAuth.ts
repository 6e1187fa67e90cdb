import type { RequestHandler, Response } from "express";
import type { Learner } from "../domain/learners/learner.ts";
import type { TokenService } from "../services/identity/TokenService.ts";
import { sendError } from "./errors.ts";

/** Requires `Authorization: Bearer <learner token>`; the learner is then `res.locals.learner`. */
export function requireLearner(tokens: TokenService): RequestHandler {
  return async (req, res, next) => {
    const header = req.get("authorization") ?? "";
    const token = /^Bearer (.+)$/i.exec(header)?.[1];
    const check = await tokens.verify(token);
    if (!check.ok) {
      const messages = { missing: "Sign in first.", invalid: "Invalid token.", expired: "Token expired; sign in again." };
      res.set("WWW-Authenticate", `Bearer error="${check.reason === "missing" ? "invalid_request" : "invalid_token"}"`);
      return sendError(res, 401, check.reason === "expired" ? "token_expired" : "unauthorized", messages[check.reason]);
    }
    res.locals.learner = check.learner;
    next();
  };
}

export function learnerOf(res: Response): Learner {
  return res.locals.learner as Learner;
}
