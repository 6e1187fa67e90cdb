import type { Prisma as PrismaClient } from "../database/database.ts";
import { Prisma } from "../database/generated/client.ts";
import type { ReviewSaveOp } from "./writeOps.ts";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const COLUMNS = [
  "id", "user_id", "lesson_id", "activity_id", "error_type", "answer", "correction", "due", "stability", "difficulty",
  "scheduled_days", "learning_steps", "reps", "lapses", "state", "last_review", "version", "created_at", "updated_at",
];
/** Everything but the item's identity and birth changes with a save. */
const UPDATED = COLUMNS.filter((column) => !["id", "user_id", "activity_id", "created_at"].includes(column));

const at = (iso: string | null) => (iso ? Prisma.sql`${new Date(iso)}::timestamptz` : Prisma.sql`NULL::timestamptz`);

function reviewRow({ item }: ReviewSaveOp) {
  const { card } = item;
  return Prisma.sql`(${item.id}::uuid, ${item.userId}::uuid, ${item.lessonId}, ${item.activityId}, ${item.errorType}::"ErrorType",
    ${item.answer}, ${item.correction}, ${at(card.due)}, ${card.stability}::double precision, ${card.difficulty}::double precision,
    ${card.scheduledDays}::integer, ${card.learningSteps}::integer, ${card.reps}::integer, ${card.lapses}::integer, ${card.state},
    ${at(card.lastReview)}, ${item.version}::integer, ${at(item.createdAt)}, ${at(item.updatedAt)})`;
}

/**
 * The batch's review items (one per learner and activity, see planBatch) in one statement: a
 * new item is inserted; a stored one takes a save only of a higher version, so the write log
 * replayed after a crash, or a retried batch, never moves a schedule back.
 */
export async function saveReviews(tx: Tx, ops: readonly ReviewSaveOp[]): Promise<void> {
  if (ops.length === 0) return;
  const head = Prisma.raw(`INSERT INTO "review_items" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES `);
  const set = Prisma.raw(UPDATED.map((c) => `"${c}" = EXCLUDED."${c}"`).join(", "));
  await tx.$executeRaw`${head}${Prisma.join(ops.map(reviewRow))}
    ON CONFLICT ("user_id", "activity_id") DO UPDATE SET ${set} WHERE "review_items"."version" < EXCLUDED."version"`;
}
