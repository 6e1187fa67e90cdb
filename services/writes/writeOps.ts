/**
 * Everything rooms persist, as plain data. Ops are applied in order by the WriteQueue, can
 * be retried (each is idempotent: rows carry ids generated here), and can be written to a
 * file and replayed when the database cannot take them.
 */

export type SessionStatus = "active" | "completed" | "ended" | "abandoned";

export interface SessionStartOp {
  kind: "session.start";
  id: string;
  userId: string;
  scene: string;
  roomId: string;
  processId: string | null;
  lessonId: string | null;
  startedAt: string;
}

export interface SessionEndOp {
  kind: "session.end";
  id: string;
  status: SessionStatus;
  endReason: string;
  endedAt: string;
}

export type WriteOp = SessionStartOp | SessionEndOp;

export type WriteOpKind = WriteOp["kind"];
