import type { AiUsageOp, ChatFilterOp, OperatorActionOp, ProgressSaveOp, ReviewSaveOp, SessionEndOp, SessionEventOp, SessionLessonOp, SessionStartOp, WriteOp } from "./writeOps.ts";

/**
 * A batch of queued writes, regrouped so that each kind goes to the database in one
 * statement, in an order that respects references: sessions before their events, events
 * before the AI calls that refer to them. Later saves of the same session state replace
 * earlier ones in the same batch, and so do a writer's consecutive progress saves; nothing
 * else is merged.
 */
export interface BatchPlan {
  starts: SessionStartOp[];
  events: SessionEventOp[];
  usage: AiUsageOp[];
  /** Operator actions and chat filter decisions: rows that refer to nothing else in the batch. */
  audit: OperatorActionOp[];
  filtered: ChatFilterOp[];
  /** Lesson position and end of sessions, last word per session and kind. */
  sessionUpdates: Array<SessionLessonOp | SessionEndOp>;
  /**
   * Progress saves in rounds, applied one after the other: a round holds at most one save per
   * learner and lesson. Each writer's consecutive saves (from one reading) are merged into
   * the last; saves of another writer for the same lesson go to the next round, so that they
   * are checked against what the earlier writer left, as if applied one by one.
   */
  progress: ProgressSaveOp[][];
  /** Review items, the highest version per learner and activity. */
  reviews: ReviewSaveOp[];
}

export function planBatch(batch: readonly WriteOp[]): BatchPlan {
  const plan: BatchPlan = { starts: [], events: [], usage: [], audit: [], filtered: [], sessionUpdates: [], progress: [], reviews: [] };
  const updates = new Map<string, SessionLessonOp | SessionEndOp>();
  const progress = new Map<string, ProgressSaveOp[]>();
  const reviews = new Map<string, ReviewSaveOp>();
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
      case "operator.action":
        plan.audit.push(op);
        break;
      case "chat.filter":
        plan.filtered.push(op);
        break;
      case "session.lesson":
      case "session.end":
        updates.delete(`${op.kind}:${op.id}`);
        updates.set(`${op.kind}:${op.id}`, op);
        break;
      case "review.save": {
        const key = `${op.item.userId}:${op.item.activityId}`;
        const kept = reviews.get(key);
        if (!kept || kept.item.version < op.item.version) reviews.set(key, op);
        break;
      }
      case "progress.save": {
        const key = `${op.userId}:${op.lessonId}`;
        const runs = progress.get(key) ?? [];
        const last = runs.at(-1);
        if (last && last.writerId === op.writerId && last.baseVersion === op.baseVersion) runs[runs.length - 1] = op;
        else runs.push(op);
        progress.set(key, runs);
        break;
      }
    }
  }
  plan.sessionUpdates = [...updates.values()];
  plan.progress = rounds(progress.values());
  plan.reviews = [...reviews.values()];
  return plan;
}

/** The n-th round holds the n-th run of saves of every learner and lesson. */
function rounds(runsPerLesson: Iterable<ProgressSaveOp[]>): ProgressSaveOp[][] {
  const result: ProgressSaveOp[][] = [];
  for (const runs of runsPerLesson) runs.forEach((op, i) => (result[i] ??= []).push(op));
  return result;
}
