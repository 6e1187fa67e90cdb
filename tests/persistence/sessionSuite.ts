import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applyMigrations, readMigrations } from "../../services/database/migrations.ts";
import { seedContent } from "../../services/content/seedContent.ts";
import { createCatalog } from "../../domain/catalog.ts";
import { activitiesOf } from "../../domain/lessons/lesson.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

/** The same persistence checks, run once per database engine (one file each). */
export function sessionPersistenceSuite(database: "pglite" | "postgres"): void {
  describe(`learning sessions in ${database}`, () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startTestServer({ database });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("records a session when a learner joins and ends it when they leave", async () => {
      const { prisma } = server.services.db;
      const learner = await server.join("airport", "Siti", "id");
      await vi.waitFor(async () => {
        const rows = await prisma.learningSession.findMany({ where: { userId: learner.auth.learner.userId } });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ scene: "airport", roomId: learner.room.roomId, status: "active", endedAt: null });
      });
      await learner.room.leave();
      await vi.waitFor(async () => {
        const row = await prisma.learningSession.findFirstOrThrow({ where: { userId: learner.auth.learner.userId } });
        expect(row.status).toBe("ended");
        expect(row.endReason).toBe("left");
        expect(row.endedAt!.getTime()).toBeGreaterThanOrEqual(row.startedAt.getTime());
      });
      const user = await prisma.user.findUniqueOrThrow({ where: { id: learner.auth.learner.userId }, include: { identities: true } });
      expect(user).toMatchObject({ displayName: "Siti", lang: "id" });
      expect(user.identities.map((i) => i.provider)).toEqual(["guest"]);
    });

    it("keeps each session's place in its lesson", async () => {
      const { prisma } = server.services.db;
      const learner = await server.join("cafe", "Minh", "vi");
      learner.room.send("tutor:start", {});
      await vi.waitFor(async () => {
        const row = await prisma.learningSession.findFirstOrThrow({ where: { userId: learner.auth.learner.userId } });
        expect(row).toMatchObject({ lessonId: "cafe-order", currentActivityId: "cafe.greet", status: "active" });
        expect(row.currentStageId).not.toBeNull();
      });
      await learner.room.leave();
    });

    it("keeps one session per join: rejoining opens a new one", async () => {
      const { prisma } = server.services.db;
      const first = await server.join("cafe", "Ana", "en");
      await first.room.leave();
      const second = await first.sdk.joinOrCreate("cafe", { lang: "en" });
      await second.leave();
      await vi.waitFor(async () => {
        const rows = await prisma.learningSession.findMany({ where: { userId: first.auth.learner.userId } });
        expect(rows).toHaveLength(2);
        expect(rows.every((r) => r.status === "ended")).toBe(true);
      });
    });

    it("applies the migrations once: a second run changes nothing", async () => {
      expect(await applyMigrations(server.services.db.adapterFactory)).toEqual([]);
      const { prisma } = server.services.db;
      const applied = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
        `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`,
      );
      const folders = (await readMigrations()).migrationDirectories.map((m) => m.path).sort();
      expect(applied.map((r) => r.migration_name)).toEqual(folders);
      const views = await prisma.$queryRawUnsafe<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(views.map((v) => v.table_name)).toEqual(["v_daily_ai_costs", "v_daily_evaluation_stats"]);
    });

    it("seeds lessons and language packs once, and again only when they change", async () => {
      const { db, catalog } = server.services;
      const lessons = [...catalog.lessons.values()];
      expect(await db.prisma.activity.count()).toBe(lessons.reduce((sum, lesson) => sum + activitiesOf(lesson).length, 0));
      expect(await db.prisma.stage.count()).toBe(lessons.reduce((sum, lesson) => sum + lesson.stages.length, 0));
      expect((await db.prisma.languagePack.findMany()).map((p) => p.id).sort()).toEqual(["ko-en", "ko-id", "ko-vi"]);
      expect(await seedContent(db, catalog)).toEqual({ lessons: [], packs: [] });

      const cafe = catalog.lessons.get("cafe-order")!;
      const [first, second] = cafe.stages;
      const edited = { ...cafe, stages: [{ ...first!, activities: first!.activities }, { ...second!, activities: second!.activities.slice(0, 1) }] };
      const changed = createCatalog(catalog.scenes, new Map([["cafe-order", edited]]), catalog.packs);
      expect(await seedContent(db, changed)).toEqual({ lessons: ["cafe-order"], packs: [] });
      expect(await db.prisma.activity.findMany({ where: { lessonId: "cafe-order" }, select: { id: true }, orderBy: { id: "asc" } })).toEqual([
        { id: "cafe.greet" },
        { id: "cafe.order" },
      ]);
      expect(await seedContent(db, catalog)).toEqual({ lessons: ["cafe-order"], packs: [] });
      expect(await db.prisma.activity.count({ where: { lessonId: "cafe-order" } })).toBe(activitiesOf(cafe).length);
    });

    it("reports ready only while the database answers", async () => {
      const ready = await fetch(`${server.baseUrl}/ready`);
      expect(ready.status).toBe(200);
    });
  });
}
