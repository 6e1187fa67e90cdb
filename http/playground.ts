import type { RequestHandler } from "express";
import type { Logger } from "../services/logger.ts";

type PlaygroundModule = Pick<typeof import("@colyseus/playground"), "playground">;

/**
 * The Colyseus playground (a browser page to join rooms and send them messages), for
 * development. It is a dev dependency, imported only when PLAYGROUND is on (never in
 * production), so an install without dev dependencies starts without it.
 *
 * Importing it also loads @colyseus/auth, which gives every room without an onAuth of its own
 * a default JWT check; KOTO's rooms all have their own (learner tokens), so nothing changes.
 */
export async function loadPlayground(
  logger: Logger,
  load: () => Promise<PlaygroundModule> = () => import("@colyseus/playground"),
): Promise<RequestHandler | undefined> {
  try {
    const { playground } = await load();
    return playground();
  } catch (error) {
    logger.warn({ err: error }, "PLAYGROUND is on but @colyseus/playground cannot be loaded (install dev dependencies); starting without it");
    return undefined;
  }
}
