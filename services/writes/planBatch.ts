import type { AiUsageOp, ProgressSaveOp, SessionEndOp, SessionEventOp, SessionLessonOp, SessionStartOp, WriteOp } from "./writeOps.ts";

/**
 * A batch of queued writes, regrouped so that each kind goes to the database in one
 * statement, in an order that respects references: sessions before their events, events
 * before the AI calls that refer to them. Later saves of the same progress or session state
 * replace earlier ones in the same batch; nothing else is merged.
 */
export interface BatchPlan {
  starts: SessionStartOp[];
  events: SessionEventOp[];
  usage: AiUsageOp[];
  /** Lesson position and end of sessions, last word per session and kind. */
  sessionUpdates: Array<SessionLessonOp | SessionEndOp>;
  /** Newest save per learner and lesson. */
  progress: ProgressSaveOp[];
}

export function planBatch(batch: readonly WriteOp[]): BatchPlan {
  const plan: BatchPlan = { starts: [], events: [], usage: [], sessionUpdates: [], progress: [] };
  const updates = new Map<string, SessionLessonOp | SessionEndOp>();
  const progress = new Map<string, ProgressSaveOp>();
  for (const op of batch) {
    switch (op.kind) {
      case "session.start":
        plan.starts.push(op);
        break;
      case "event":
        plan.events.push(op);
        break;
      case "ai.usage":
        plan.usage.push(op);
        break;
      case "session.lesson":
      case "session.end":
        updates.delete(`${op.kind}:${op.id}`);
        updates.set(`${op.kind}:${op.id}`, op);
        break;
      case "progress.save": {
        const key = `${op.userId}:${op.lessonId}`;
        const earlier = progress.get(key);
        if (!earlier || earlier.updatedAt <= op.updatedAt) progress.set(key, op);
        break;
      }
    }
  }
  plan.sessionUpdates = [...updates.values()];
  plan.progress = [...progress.values()];
  return plan;
}
