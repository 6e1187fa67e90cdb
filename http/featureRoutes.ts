import { Router } from "express";
import type { AiConfig } from "../config/ai.ts";
import type { Region } from "../config/regions.ts";

/** What this server offers that clients adapt to, so they can say so up front instead of failing later. */
export function features(ai: Pick<AiConfig, "stt" | "tts">, region: Pick<Region, "id" | "languages">) {
  return {
    /** The region this deployment serves (REGION). */
    region: region.id,
    /** Instruction languages offered, in order: offer the first by default. */
    languages: [...region.languages],
    /** Recorded answers are transcribed (`tutor:audio`); without it, learners type. */
    voiceAnswers: ai.stt.provider !== "none",
    /** The tutor's lines come with audio (`audioUrl`) when it is ready in time. */
    tutorVoice: ai.tts.provider !== "none",
  };
}
export type Features = ReturnType<typeof features>;

export function featureRoutes(ai: Pick<AiConfig, "stt" | "tts">, region: Pick<Region, "id" | "languages">): Router {
  const router = Router();
  const body = features(ai, region);
  router.get("/api/v1/features", (_req, res) => {
    res.json(body);
  });
  return router;
}
