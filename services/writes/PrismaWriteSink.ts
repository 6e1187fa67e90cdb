import type { Database, Prisma } from "../database/database.ts";
import type { WriteOp } from "./writeOps.ts";
import type { WriteSink } from "./WriteSink.ts";

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

async function applyOne(tx: Tx, op: WriteOp): Promise<void> {
  switch (op.kind) {
    case "session.start":
      await tx.learningSession.createMany({
        data: [
          {
            id: op.id,
            userId: op.userId,
            scene: op.scene,
            roomId: op.roomId,
            processId: op.processId,
            lessonId: op.lessonId,
            startedAt: new Date(op.startedAt),
          },
        ],
        skipDuplicates: true,
      });
      return;
    case "session.end":
      await tx.learningSession.updateMany({
        where: { id: op.id },
        data: { status: op.status, endReason: op.endReason, endedAt: new Date(op.endedAt) },
      });
      return;
  }
}

export class PrismaWriteSink implements WriteSink {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async apply(batch: readonly WriteOp[]): Promise<void> {
    await this.#db.prisma.$transaction(async (tx) => {
      for (const op of batch) await applyOne(tx, op);
    });
  }

  isReachable(): Promise<boolean> {
    return this.#db.ping(2_000);
  }
}
