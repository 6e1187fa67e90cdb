import { randomUUID } from "node:crypto";
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { Clock } from "../domain/clock.ts";
import { moderationActionSchema, type ModerationAction } from "../domain/ops/moderation.ts";
import { opsFilterSchema, type OpsFilter } from "../domain/ops/opsFilter.ts";
import { aiCostReport, learningReport, tutorHealthReport } from "../domain/ops/reports.ts";
import type { ControlResult, RoomControl } from "../rooms/RoomControl.ts";
import type { Logger } from "../services/logger.ts";
import type { OpsQueries } from "../services/ops/OpsQueries.ts";
import type { WriteQueue } from "../services/writes/WriteQueue.ts";
import { sendError } from "./errors.ts";

export interface OpsRouteDeps {
  queries: OpsQueries;
  rooms: RoomControl;
  writes: WriteQueue;
  clock: Clock;
  logger: Logger;
  aiDailyBudgetUsd: number;
}

/** `from`/`to` only: the AI usage log knows no scene, lesson or learner language. */
export const costQuery = z.strictObject({ from: z.iso.date().optional(), to: z.iso.date().optional() });
export const auditQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const roomIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

const STATUS: Record<Exclude<ControlResult, { ok: true }>["error"], [number, string]> = {
  no_such_room: [404, "No such room (it may have closed)."],
  no_such_learner: [404, "That learner is not in this room."],
  no_such_message: [404, "The room does not have that chat message (any more)."],
  room_unreachable: [503, "The room did not answer in time; try again."],
};

/** zod's first complaint, as `field: problem`. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "query"}: ${issue.message}` : "invalid";
}

/** Who is acting: the operator user of HTTP basic auth (express-basic-auth puts it on the request). */
function operatorOf(req: Request): string {
  return (req as Request & { auth?: { user?: string } }).auth?.user ?? "unknown";
}

/**
 * The operator console's JSON API (docs/OPERATIONS.md): reports over the stored sessions,
 * events and AI calls, the live rooms of every process, and moderation. Mounted behind the
 * operator credentials; every action is written to the audit trail, whether it landed or not.
 */
export function opsRoutes(deps: OpsRouteDeps): Router {
  const router = Router();
  reportRoutes(router, deps);
  router.get("/api/v1/ops/live", async (_req, res) => {
    res.json({ at: deps.clock.now().toISOString(), rooms: await deps.rooms.live() });
  });
  router.get("/api/v1/ops/audit", async (req, res) => {
    const query = auditQuery.safeParse(req.query);
    if (!query.success) return sendError(res, 400, "invalid_query", "limit must be 1-500.");
    return res.json({ actions: await deps.queries.audit(query.data.limit) });
  });
  router.get("/api/v1/ops/chat-filter", async (req, res) => {
    const query = auditQuery.safeParse(req.query);
    if (!query.success) return sendError(res, 400, "invalid_query", "limit must be 1-500.");
    return res.json({ decisions: await deps.queries.filtered(query.data.limit) });
  });
  router.get("/api/v1/ops/roleplays", async (req, res) => {
    const query = auditQuery.safeParse(req.query);
    if (!query.success) return sendError(res, 400, "invalid_query", "roleplays takes only limit, 1-500.");
    return res.json({ roleplays: await deps.queries.roleplays(query.data.limit) });
  });
  router.post("/api/v1/ops/rooms/:roomId/actions", async (req, res) => {
    if (!roomIdParam.safeParse(req.params.roomId).success) return sendError(res, 404, "no_such_room", STATUS.no_such_room[1]);
    const action = moderationActionSchema.safeParse(req.body);
    if (!action.success) return sendError(res, 400, "invalid_body", firstIssue(action.error));
    const result = await deps.rooms.moderate(req.params.roomId, action.data);
    const auditId = audit(deps, operatorOf(req), req.params.roomId, action.data, result);
    if (!result.ok) return sendError(res, STATUS[result.error][0], result.error, STATUS[result.error][1]);
    return res.json({ ok: true, auditId, targetUserId: result.targetUserId });
  });
  return router;
}

/** The reports: a filter from the query string (400 naming what is wrong), then the counts, assembled. */
function reportRoutes(router: Router, deps: OpsRouteDeps): void {
  const today = () => deps.clock.now().toISOString().slice(0, 10);
  const filterOf = (req: Request, res: Response): OpsFilter | undefined => {
    const parsed = opsFilterSchema(today()).safeParse(req.query);
    if (parsed.success) return parsed.data;
    sendError(res, 400, "invalid_query", firstIssue(parsed.error));
    return undefined;
  };
  router.get("/api/v1/ops/learning", async (req, res) => {
    const filter = filterOf(req, res);
    if (filter) res.json(learningReport(filter, await deps.queries.learning(filter)));
  });
  router.get("/api/v1/ops/tutor-health", async (req, res) => {
    const filter = filterOf(req, res);
    if (filter) res.json(tutorHealthReport(filter, await deps.queries.tutorHealth(filter)));
  });
  router.get("/api/v1/ops/ai-cost", async (req, res) => {
    if (!costQuery.safeParse(req.query).success) return sendError(res, 400, "invalid_query", "ai-cost takes only from and to (YYYY-MM-DD).");
    const filter = filterOf(req, res);
    if (filter) res.json(aiCostReport(filter, deps.aiDailyBudgetUsd, await deps.queries.aiCost(filter)));
    return undefined;
  });
}

/** Writes the action to the audit trail (operator_actions) through the durable write queue. */
function audit(deps: OpsRouteDeps, operator: string, roomId: string, action: ModerationAction, result: ControlResult): string {
  const id = randomUUID();
  const { action: name, reason, ...detail } = action;
  deps.writes.enqueue({
    kind: "operator.action",
    id,
    operator,
    action: name,
    roomId,
    targetUserId: result.ok ? result.targetUserId : null,
    reason,
    detail,
    outcome: result.ok ? "done" : result.error,
    createdAt: deps.clock.now().toISOString(),
  });
  deps.logger.info({ operator, roomId, action: name, outcome: result.ok ? "done" : result.error }, "operator action");
  return id;
}
