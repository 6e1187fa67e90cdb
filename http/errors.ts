import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { Logger } from "../services/logger.ts";

/** Every HTTP error body has this shape: a stable code and a short human message. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } } satisfies ApiErrorBody);
}

export const notFound: RequestHandler = (_req, res) => sendError(res, 404, "not_found", "No such endpoint.");

/**
 * Turns body-parser and unexpected failures into short JSON errors; details stay in the log.
 * A failure while the database is down is reported as 503 so clients know to retry.
 */
export function errorHandler(logger: Logger, databaseReady: () => Promise<boolean>): ErrorRequestHandler {
  return async (error: unknown, req, res, _next) => {
    const status = typeof (error as { status?: unknown }).status === "number" ? (error as { status: number }).status : 500;
    const type = (error as { type?: unknown }).type;
    if (type === "entity.too.large") return sendError(res, 413, "payload_too_large", "Request body is too large.");
    if (type === "entity.parse.failed") return sendError(res, 400, "malformed_json", "Request body is not valid JSON.");
    if (status >= 400 && status < 500) return sendError(res, status, "bad_request", "Bad request.");
    if (!(await databaseReady())) {
      logger.warn({ err: error, method: req.method, path: req.path }, "request failed while the database is unreachable");
      return sendError(res, 503, "unavailable", "Service temporarily unavailable; try again shortly.");
    }
    logger.error({ err: error, method: req.method, path: req.path }, "request failed");
    return sendError(res, 500, "internal_error", "Something went wrong.");
  };
}
