import { describe, expect, it } from "vitest";
import { planBatch } from "../../services/writes/planBatch.ts";
import type { ProgressSaveOp, SessionEventOp, WriteOp } from "../../services/writes/writeOps.ts";

function progress(userId: string, lessonId: string, attempts: number, writerId = "w1", baseVersion = 0): ProgressSaveOp {
  return {
    kind: "progress.save",
    userId,
    lessonId,
    currentActivityId: null,
    attempts,
    hints: 0,
    results: {},
    status: "in_progress",
    completedAt: null,
    updatedAt: "2026-01-01T00:00:00.000Z",
    writerId,
    baseVersion,
    version: baseVersion + attempts,
  };
}

function event(id: string, sessionId: string): SessionEventOp {
  return {
    kind: "event",
    id,
    sessionId,
    activityId: null,
    eventType: "hint",
    userInput: null,
    tutorResponse: null,
    score: null,
    passFail: null,
    primaryErrorType: null,
    provider: null,
    modelId: null,
    latencyMs: null,
    evaluationDetail: null,
    metadata: null,
    createdAt: "2026-01-01T00:00:00.000Z",
  };
}

describe("planBatch", () => {
  it("keeps every insert, in arrival order per kind", () => {
    const batch: WriteOp[] = [
      event("e1", "s1"),
      { kind: "session.start", id: "s2", userId: "u", scene: "cafe", roomId: "r", processId: null, lessonId: null, startedAt: "2026-01-01T00:00:00.000Z" },
      event("e2", "s2"),
      {
        kind: "ai.usage",
        id: "a1",
        sessionId: "s2",
        eventId: "e2",
        providerType: "eval",
        providerName: "rules",
        modelId: null,
        tokensIn: null,
        tokensOut: null,
        audioDurationMs: null,
        latencyMs: 1,
        success: true,
        errorCode: null,
        errorMessage: null,
        estimatedCostUsd: null,
        createdAt: "2026-01-01T00:00:00.000Z",
      },
    ];
    const plan = planBatch(batch);
    expect(plan.starts.map((op) => op.id)).toEqual(["s2"]);
    expect(plan.events.map((op) => op.id)).toEqual(["e1", "e2"]);
    expect(plan.usage).toHaveLength(1);
  });

  it("keeps only a writer's last save of a run, per learner and lesson, in one round", () => {
    const plan = planBatch([
      progress("u1", "cafe", 1),
      progress("u1", "cafe", 2),
      progress("u1", "cafe", 3),
      progress("u2", "cafe", 5),
      progress("u1", "airport", 7),
    ]);
    expect(plan.progress).toHaveLength(1);
    expect(plan.progress[0]!.map((op) => `${op.userId}/${op.lessonId}/${op.attempts}`).sort()).toEqual([
      "u1/airport/7",
      "u1/cafe/3",
      "u2/cafe/5",
    ]);
  });

  it("puts another writer's saves of the same lesson in a later round, in arrival order", () => {
    const plan = planBatch([
      progress("u1", "cafe", 1, "a"),
      progress("u1", "cafe", 2, "a"),
      progress("u1", "cafe", 1, "b", 2),
      progress("u2", "cafe", 1, "c"),
      progress("u1", "cafe", 3, "a"),
      // The same writer after reading again: a new run.
      progress("u2", "cafe", 1, "c", 4),
    ]);
    const rounds = plan.progress.map((round) => round.map((op) => `${op.userId}/${op.writerId}/${op.version}`));
    expect(rounds).toEqual([["u1/a/2", "u2/c/1"], ["u1/b/3", "u2/c/5"], ["u1/a/3"]]);
  });

  it("keeps the last lesson position and the last end of each session", () => {
    const plan = planBatch([
      { kind: "session.lesson", id: "s1", lessonId: "l1", currentStageId: "a", currentActivityId: "x" },
      { kind: "session.lesson", id: "s1", lessonId: "l1", currentStageId: "b", currentActivityId: "y" },
      { kind: "session.lesson", id: "s2", lessonId: "l1", currentStageId: "a", currentActivityId: "x" },
      { kind: "session.end", id: "s1", status: "ended", endReason: "left", endedAt: "2026-01-01T00:00:09.000Z" },
    ]);
    expect(plan.sessionUpdates).toEqual([
      { kind: "session.lesson", id: "s1", lessonId: "l1", currentStageId: "b", currentActivityId: "y" },
      { kind: "session.lesson", id: "s2", lessonId: "l1", currentStageId: "a", currentActivityId: "x" },
      { kind: "session.end", id: "s1", status: "ended", endReason: "left", endedAt: "2026-01-01T00:00:09.000Z" },
    ]);
  });

  it("keeps the highest version of each learner's review item", () => {
    const item = (userId: string, activityId: string, version: number) => ({
      id: `${userId}-${activityId}`,
      userId,
      lessonId: "cafe-order",
      activityId,
      errorType: "particle" as const,
      answer: "카드으로",
      correction: "카드로",
      card: { due: "2026-01-02T00:00:00.000Z", stability: 1, difficulty: 5, scheduledDays: 1, learningSteps: 0, reps: version, lapses: 0, state: "review" as const, lastReview: null },
      version,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    });
    const plan = planBatch([
      { kind: "review.save", item: item("u1", "cafe.pay", 2) },
      { kind: "review.save", item: item("u1", "cafe.pay", 1) },
      { kind: "review.save", item: item("u1", "cafe.pay", 3) },
      { kind: "review.save", item: item("u2", "cafe.pay", 1) },
    ]);
    expect(plan.reviews.map((op) => `${op.item.userId}/${op.item.version}`)).toEqual(["u1/3", "u2/1"]);
  });
});
