import { createHash } from "node:crypto";
import type { Catalog } from "../../domain/catalog.ts";
import type { LanguagePack } from "../../domain/feedback/languagePack.ts";
import { activitiesOf, type Lesson } from "../../domain/lessons/lesson.ts";
import type { Database, Prisma } from "../database/database.ts";

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];
type Json = NonNullable<Parameters<Prisma["lesson"]["create"]>[0]["data"]["objectives"]>;

const hashOf = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

async function seedLesson(tx: Tx, lesson: Lesson, contentHash: string): Promise<void> {
  const fields = {
    level: lesson.level,
    scene: lesson.scene,
    targetLang: lesson.targetLang,
    titleKo: lesson.title.ko,
    titleEn: lesson.title.en,
    objectives: lesson.objectives as Json,
    contentHash,
  };
  await tx.lesson.upsert({ where: { id: lesson.id }, create: { id: lesson.id, ...fields }, update: fields });
  const activityIds = activitiesOf(lesson).map((entry) => entry.activity.id);
  // Positions are unique per parent: clear the old layout, then write the new one.
  await tx.activity.deleteMany({ where: { lessonId: lesson.id, id: { notIn: activityIds } } });
  await tx.activity.updateMany({ where: { lessonId: lesson.id }, data: { position: { increment: 10_000 } } });
  await tx.stage.deleteMany({ where: { lessonId: lesson.id, id: { notIn: lesson.stages.map((s) => s.id) } } });
  await tx.stage.updateMany({ where: { lessonId: lesson.id }, data: { position: { increment: 10_000 } } });
  for (const [position, stage] of lesson.stages.entries()) {
    const stageFields = { lessonId: lesson.id, position, titleKo: stage.title.ko, titleEn: stage.title.en };
    await tx.stage.upsert({ where: { id: stage.id }, create: { id: stage.id, ...stageFields }, update: stageFields });
    for (const [index, activity] of stage.activities.entries()) {
      const activityFields = {
        lessonId: lesson.id,
        stageId: stage.id,
        position: index,
        kind: activity.kind,
        difficulty: activity.difficulty,
        content: activity as unknown as Json,
      };
      await tx.activity.upsert({ where: { id: activity.id }, create: { id: activity.id, ...activityFields }, update: activityFields });
    }
  }
}

async function seedPack(tx: Tx, pack: LanguagePack, contentHash: string): Promise<void> {
  const fields = { lang: pack.lang, content: pack as unknown as Json, contentHash };
  await tx.languagePack.upsert({ where: { id: pack.id }, create: { id: pack.id, ...fields }, update: fields });
}

export interface SeedReport {
  lessons: string[];
  packs: string[];
}

/**
 * Writes lessons and language packs into the database so events can refer to activities
 * and analysts can join on them. Idempotent: content whose hash is unchanged is left alone.
 */
export async function seedContent(db: Database, catalog: Catalog): Promise<SeedReport> {
  const [lessonRows, packRows] = await Promise.all([
    db.prisma.lesson.findMany({ select: { id: true, contentHash: true } }),
    db.prisma.languagePack.findMany({ select: { id: true, contentHash: true } }),
  ]);
  const known = new Map([...lessonRows, ...packRows].map((row) => [row.id, row.contentHash]));
  const lessons = [...catalog.lessons.values()].map((lesson) => ({ lesson, hash: hashOf(lesson) })).filter((l) => known.get(l.lesson.id) !== l.hash);
  const packs = [...catalog.packs.values()].map((pack) => ({ pack, hash: hashOf(pack) })).filter((p) => known.get(p.pack.id) !== p.hash);
  if (lessons.length === 0 && packs.length === 0) return { lessons: [], packs: [] };
  await db.prisma.$transaction(
    async (tx) => {
      for (const { lesson, hash } of lessons) await seedLesson(tx, lesson, hash);
      for (const { pack, hash } of packs) await seedPack(tx, pack, hash);
    },
    { timeout: 30_000 },
  );
  return { lessons: lessons.map((l) => l.lesson.id), packs: packs.map((p) => p.pack.id) };
}
