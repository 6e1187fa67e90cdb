import { Router, type RequestHandler } from "express";
import { z } from "zod";
import type { Clock } from "../domain/clock.ts";
import type { LearningHistory } from "../services/learning/LearningHistory.ts";
import { reviewView, type ReviewStore } from "../services/review/ReviewStore.ts";
import { sendError } from "./errors.ts";
import { learnerOf } from "./learnerAuth.ts";

export const sessionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.iso.datetime().optional(),
});

/** A learner's own progress and history; nobody else's is reachable from here. */
export interface LearnerData {
  history: LearningHistory;
  reviews: ReviewStore;
  /** Whether a review item is due, by the same clock as the tutor's. */
  clock: Clock;
}

export function learnerRoutes({ history, reviews, clock }: LearnerData, requireLearner: RequestHandler): Router {
  const router = Router();
  router.use("/api/v1/me", requireLearner);
  router.get("/api/v1/me", (_req, res) => {
    res.json({ learner: learnerOf(res) });
  });
  router.get("/api/v1/me/progress", async (_req, res) => {
    const { userId } = learnerOf(res);
    const [progress, items] = await Promise.all([history.progress(userId), reviews.forLearner(userId)]);
    const now = clock.now();
    const views = items.map((item) => reviewView(item, now));
    res.json({ progress, reviews: views, reviewsDue: views.filter((view) => view.isDue).length });
  });
  router.get("/api/v1/me/sessions", async (req, res) => {
    const query = sessionsQuery.safeParse(req.query);
    if (!query.success) return sendError(res, 400, "invalid_query", "limit must be 1-100; before an ISO date-time.");
    const before = query.data.before ? new Date(query.data.before) : undefined;
    return res.json({ sessions: await history.sessions(learnerOf(res).userId, query.data.limit, before) });
  });
  router.get("/api/v1/me/sessions/:id", async (req, res) => {
    if (!z.uuid().safeParse(req.params.id).success) return sendError(res, 404, "not_found", "No such session.");
    const session = await history.session(learnerOf(res).userId, req.params.id);
    if (!session) return sendError(res, 404, "not_found", "No such session.");
    const { eventList, ...rest } = session;
    return res.json({ session: rest, events: eventList });
  });
  return router;
}
