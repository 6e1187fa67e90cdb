-- AlterTable
ALTER TABLE "lesson_progress" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "writer_session_id" UUID;
