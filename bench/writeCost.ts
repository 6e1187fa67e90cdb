// What a batch of events costs the game thread, written through the client's createMany
// and as one hand-written multi-row insert (the write sink uses the latter), and a
// progress read both ways. Needs PostgreSQL (TEST_POSTGRES_URL, default 127.0.0.1:5432/test):
//   node bench/writeCost.ts
import { randomUUID } from "node:crypto";
import { openDatabase } from "../services/database/database.ts";
import { applyMigrations } from "../services/database/migrations.ts";
import { Prisma } from "../services/database/generated/client.ts";
import { createTempDatabase } from "../tests/helpers/postgres.ts";

const temp = await createTempDatabase("koto_scratch");
const db = await openDatabase({ url: temp.url, poolSize: 2, dataDir: "/tmp/x" });
await applyMigrations(db.adapterFactory);
const userId = randomUUID();
await db.prisma.user.create({ data: { id: userId, displayName: "x", lang: "en" } });
const sessionId = randomUUID();
await db.prisma.learningSession.create({ data: { id: sessionId, userId, scene: "cafe", roomId: "r", startedAt: new Date() } });
const rows = (n: number) => Array.from({ length: n }, () => ({ id: randomUUID(), sessionId, activityId: null, eventType: "answer", userInput: "안녕하세요", tutorResponse: "좋아요", score: 80, passFail: true, primaryErrorType: null, provider: "rules", modelId: null, latencyMs: 3, evaluationDetail: { a: 1, b: [1, 2] }, metadata: { x: "y" }, createdAt: new Date() }));
async function viaCreateMany(n: number) { await db.prisma.sessionEvent.createMany({ data: rows(n), skipDuplicates: true }); }
async function viaRaw(n: number) {
  const values = rows(n).map((r) => Prisma.sql`(${r.id}::uuid, ${r.sessionId}::uuid, ${r.activityId}, ${r.eventType}, ${r.userInput}, ${r.tutorResponse}, ${r.score}, ${r.passFail}, ${r.primaryErrorType}::"ErrorType", ${r.provider}, ${r.modelId}, ${r.latencyMs}, ${JSON.stringify(r.evaluationDetail)}::jsonb, ${JSON.stringify(r.metadata)}::jsonb, ${r.createdAt}::timestamptz)`);
  await db.prisma.$executeRaw`INSERT INTO "session_events" ("id","session_id","activity_id","event_type","user_input","tutor_response","score","pass_fail","primary_error_type","provider","model_id","latency_ms","evaluation_detail","metadata","created_at") VALUES ${Prisma.join(values)} ON CONFLICT DO NOTHING`;
}
async function findUnique() { await db.prisma.lessonProgress.findUnique({ where: { userId_lessonId: { userId, lessonId: "cafe-order" } } }); }
async function rawFind() { await db.prisma.$queryRaw`SELECT * FROM "lesson_progress" WHERE "user_id" = ${userId}::uuid AND "lesson_id" = ${"cafe-order"}`; }
for (const [name, f] of [["createMany 50", () => viaCreateMany(50)], ["raw 50", () => viaRaw(50)], ["createMany 50", () => viaCreateMany(50)], ["raw 50", () => viaRaw(50)], ["findUnique", findUnique], ["rawFind", rawFind], ["findUnique", findUnique], ["rawFind", rawFind]] as const) {
  const c = process.cpuUsage(); const t = performance.now();
  for (let i = 0; i < 200; i++) await f();
  const u = process.cpuUsage(c);
  console.log(name.padEnd(14), "cpu ms/op", ((u.user + u.system) / 1000 / 200).toFixed(3), "wall ms/op", ((performance.now() - t) / 200).toFixed(3));
}
await db.close();
await temp.drop();
process.exit(0);
