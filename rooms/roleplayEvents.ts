import type { RoleplayEffect } from "../domain/roleplay/roleplaySession.ts";
import type { SessionEventOp } from "../services/writes/writeOps.ts";

/** A roleplay's event as the write path stores it: a session event with the roleplay's id and the role played. */
export function eventOp(roleplayId: string | null, effect: Extract<RoleplayEffect, { kind: "record" }>): SessionEventOp {
  const { event } = effect;
  return {
    kind: "event",
    id: event.id,
    sessionId: effect.sessionRowId,
    activityId: event.activityId,
    eventType: event.type,
    userInput: event.userInput ?? null,
    tutorResponse: event.tutorResponse ?? null,
    score: event.score ?? null,
    passFail: event.passFail ?? null,
    primaryErrorType: event.primaryErrorType ?? null,
    provider: event.provider ?? null,
    modelId: event.modelId ?? null,
    latencyMs: event.latencyMs ?? null,
    evaluationDetail: event.detail ?? null,
    metadata: event.metadata ?? null,
    createdAt: event.at,
    roleplayId,
    roleplayRole: effect.role,
  };
}
