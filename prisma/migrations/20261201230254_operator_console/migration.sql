-- AlterTable
ALTER TABLE "learning_sessions" ADD COLUMN     "lang" "LearnerLang";

-- CreateTable
CREATE TABLE "operator_actions" (
    "id" UUID NOT NULL,
    "operator" VARCHAR(64) NOT NULL,
    "action" VARCHAR(32) NOT NULL,
    "room_id" VARCHAR(64),
    "target_user_id" UUID,
    "reason" TEXT,
    "detail" JSONB,
    "outcome" VARCHAR(32) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "operator_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_filter_decisions" (
    "id" UUID NOT NULL,
    "session_id" UUID,
    "user_id" UUID NOT NULL,
    "room_id" VARCHAR(64) NOT NULL,
    "text" TEXT NOT NULL,
    "decision" VARCHAR(16) NOT NULL,
    "matched" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "chat_filter_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "operator_actions_created_at_idx" ON "operator_actions"("created_at");

-- CreateIndex
CREATE INDEX "operator_actions_room_id_idx" ON "operator_actions"("room_id");

-- CreateIndex
CREATE INDEX "chat_filter_decisions_created_at_idx" ON "chat_filter_decisions"("created_at");
