-- AlterTable
ALTER TABLE "session_events" ADD COLUMN     "roleplay_id" UUID,
ADD COLUMN     "roleplay_role" VARCHAR(16);

-- CreateIndex
CREATE INDEX "session_events_roleplay_id_idx" ON "session_events"("roleplay_id");
