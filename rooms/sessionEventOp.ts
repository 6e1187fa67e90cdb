import type { RoleplayEvent } from "../domain/roleplay/roleplaySession.ts";
import type { TutorEvent } from "../domain/tutor/tutorSession.ts";
import type { SessionEventOp } from "../services/writes/writeOps.ts";

/** A tutor's or a roleplay's event as the write path stores it in the learner's session; what is not given is null. */
export function sessionEventOp(sessionRowId: string, event: TutorEvent | RoleplayEvent): SessionEventOp {
  return {
    kind: "event",
    id: event.id,
    sessionId: sessionRowId,
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
  };
}
