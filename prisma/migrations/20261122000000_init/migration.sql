-- CreateEnum
CREATE TYPE "LearnerLang" AS ENUM ('en', 'id', 'vi');

-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('active', 'completed', 'ended', 'abandoned');

-- CreateEnum
CREATE TYPE "ProgressStatus" AS ENUM ('in_progress', 'completed');

-- CreateEnum
CREATE TYPE "ActivityKind" AS ENUM ('dialogue', 'choice', 'repeat');

-- CreateEnum
CREATE TYPE "ErrorType" AS ENUM ('none', 'particle', 'formality', 'counter', 'vocabulary', 'grammar', 'spelling', 'pronunciation', 'other');

-- CreateEnum
CREATE TYPE "AiProviderType" AS ENUM ('stt', 'tts', 'eval');

-- CreateEnum
CREATE TYPE "AudioKind" AS ENUM ('recording', 'tts');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "display_name" VARCHAR(40) NOT NULL,
    "lang" "LearnerLang" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_identities" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "provider" VARCHAR(32) NOT NULL,
    "subject" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_identities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lessons" (
    "id" VARCHAR(64) NOT NULL,
    "level" VARCHAR(8) NOT NULL,
    "scene" VARCHAR(32) NOT NULL,
    "target_lang" VARCHAR(8) NOT NULL,
    "title_ko" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "objectives" JSONB NOT NULL,
    "content_hash" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lessons_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stages" (
    "id" VARCHAR(64) NOT NULL,
    "lesson_id" VARCHAR(64) NOT NULL,
    "position" INTEGER NOT NULL,
    "title_ko" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,

    CONSTRAINT "stages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activities" (
    "id" VARCHAR(64) NOT NULL,
    "lesson_id" VARCHAR(64) NOT NULL,
    "stage_id" VARCHAR(64) NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "ActivityKind" NOT NULL,
    "difficulty" INTEGER NOT NULL,
    "content" JSONB NOT NULL,

    CONSTRAINT "activities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "language_packs" (
    "id" VARCHAR(16) NOT NULL,
    "lang" "LearnerLang" NOT NULL,
    "content" JSONB NOT NULL,
    "content_hash" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "language_packs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "learning_sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "lesson_id" VARCHAR(64),
    "scene" VARCHAR(32) NOT NULL,
    "room_id" VARCHAR(64) NOT NULL,
    "process_id" VARCHAR(64),
    "status" "SessionStatus" NOT NULL DEFAULT 'active',
    "current_stage_id" VARCHAR(64),
    "current_activity_id" VARCHAR(64),
    "end_reason" VARCHAR(32),
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "learning_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lesson_progress" (
    "user_id" UUID NOT NULL,
    "lesson_id" VARCHAR(64) NOT NULL,
    "status" "ProgressStatus" NOT NULL DEFAULT 'in_progress',
    "current_activity_id" VARCHAR(64),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "hints_used" INTEGER NOT NULL DEFAULT 0,
    "results" JSONB NOT NULL DEFAULT '{}',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "lesson_progress_pkey" PRIMARY KEY ("user_id","lesson_id")
);

-- CreateTable
CREATE TABLE "session_events" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "activity_id" VARCHAR(64),
    "event_type" VARCHAR(50) NOT NULL,
    "user_input" TEXT,
    "tutor_response" TEXT,
    "score" SMALLINT,
    "pass_fail" BOOLEAN,
    "primary_error_type" "ErrorType",
    "provider" VARCHAR(50),
    "model_id" VARCHAR(100),
    "latency_ms" INTEGER,
    "evaluation_detail" JSONB,
    "metadata" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "session_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ai_usage_log" (
    "id" UUID NOT NULL,
    "session_id" UUID,
    "event_id" UUID,
    "provider_type" "AiProviderType" NOT NULL,
    "provider_name" VARCHAR(50) NOT NULL,
    "model_id" VARCHAR(100),
    "tokens_in" INTEGER,
    "tokens_out" INTEGER,
    "audio_duration_ms" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL,
    "error_code" VARCHAR(50),
    "error_message" TEXT,
    "estimated_cost_usd" DECIMAL(10,6),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ai_usage_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audio_files" (
    "id" UUID NOT NULL,
    "owner_id" UUID,
    "object_key" VARCHAR(512) NOT NULL,
    "kind" "AudioKind" NOT NULL,
    "mime_type" VARCHAR(64) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "duration_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "audio_files_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "user_identities_user_id_idx" ON "user_identities"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_identities_provider_subject_key" ON "user_identities"("provider", "subject");

-- CreateIndex
CREATE INDEX "lessons_scene_idx" ON "lessons"("scene");

-- CreateIndex
CREATE UNIQUE INDEX "stages_lesson_id_position_key" ON "stages"("lesson_id", "position");

-- CreateIndex
CREATE INDEX "activities_lesson_id_idx" ON "activities"("lesson_id");

-- CreateIndex
CREATE UNIQUE INDEX "activities_stage_id_position_key" ON "activities"("stage_id", "position");

-- CreateIndex
CREATE INDEX "learning_sessions_user_id_started_at_idx" ON "learning_sessions"("user_id", "started_at");

-- CreateIndex
CREATE INDEX "learning_sessions_room_id_idx" ON "learning_sessions"("room_id");

-- CreateIndex
CREATE INDEX "learning_sessions_status_idx" ON "learning_sessions"("status");

-- CreateIndex
CREATE INDEX "session_events_session_id_idx" ON "session_events"("session_id");

-- CreateIndex
CREATE INDEX "session_events_activity_id_idx" ON "session_events"("activity_id");

-- CreateIndex
CREATE INDEX "session_events_event_type_idx" ON "session_events"("event_type");

-- CreateIndex
CREATE INDEX "session_events_provider_idx" ON "session_events"("provider");

-- CreateIndex
CREATE INDEX "session_events_created_at_idx" ON "session_events"("created_at");

-- CreateIndex
CREATE INDEX "ai_usage_log_provider_type_idx" ON "ai_usage_log"("provider_type");

-- CreateIndex
CREATE INDEX "ai_usage_log_provider_name_idx" ON "ai_usage_log"("provider_name");

-- CreateIndex
CREATE INDEX "ai_usage_log_created_at_idx" ON "ai_usage_log"("created_at");

-- CreateIndex
CREATE INDEX "ai_usage_log_success_idx" ON "ai_usage_log"("success");

-- CreateIndex
CREATE UNIQUE INDEX "audio_files_object_key_key" ON "audio_files"("object_key");

-- CreateIndex
CREATE INDEX "audio_files_owner_id_idx" ON "audio_files"("owner_id");

-- CreateIndex
CREATE INDEX "audio_files_expires_at_idx" ON "audio_files"("expires_at");

-- AddForeignKey
ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stages" ADD CONSTRAINT "stages_lesson_id_fkey" FOREIGN KEY ("lesson_id") REFERENCES "lessons"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activities" ADD CONSTRAINT "activities_lesson_id_fkey" FOREIGN KEY ("lesson_id") REFERENCES "lessons"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activities" ADD CONSTRAINT "activities_stage_id_fkey" FOREIGN KEY ("stage_id") REFERENCES "stages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "learning_sessions" ADD CONSTRAINT "learning_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "learning_sessions" ADD CONSTRAINT "learning_sessions_lesson_id_fkey" FOREIGN KEY ("lesson_id") REFERENCES "lessons"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lesson_progress" ADD CONSTRAINT "lesson_progress_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lesson_progress" ADD CONSTRAINT "lesson_progress_lesson_id_fkey" FOREIGN KEY ("lesson_id") REFERENCES "lessons"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_events" ADD CONSTRAINT "session_events_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "learning_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_events" ADD CONSTRAINT "session_events_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activities"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_usage_log" ADD CONSTRAINT "ai_usage_log_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "learning_sessions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_usage_log" ADD CONSTRAINT "ai_usage_log_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "session_events"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audio_files" ADD CONSTRAINT "audio_files_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Analytics views. They are not modelled in schema.prisma: query them with SQL.

-- One row per day, evaluation provider, model and primary error type.
CREATE VIEW "v_daily_evaluation_stats" AS
SELECT
  date_trunc('day', "created_at") AS "day",
  "provider",
  "model_id",
  "primary_error_type",
  COUNT(*)::integer AS "evaluations",
  ROUND(AVG("score"), 1) AS "avg_score",
  ROUND(AVG(CASE WHEN "pass_fail" THEN 1.0 ELSE 0.0 END), 3) AS "pass_rate",
  ROUND(AVG("latency_ms"), 1) AS "avg_latency_ms",
  percentile_cont(0.95) WITHIN GROUP (ORDER BY "latency_ms") AS "p95_latency_ms"
FROM "session_events"
WHERE "event_type" = 'evaluation'
GROUP BY 1, 2, 3, 4;

-- One row per day, provider type, provider and model: calls, failures, usage and cost.
CREATE VIEW "v_daily_ai_costs" AS
SELECT
  date_trunc('day', "created_at") AS "day",
  "provider_type",
  "provider_name",
  "model_id",
  COUNT(*)::integer AS "calls",
  COUNT(*) FILTER (WHERE "success")::integer AS "successful_calls",
  ROUND(AVG("latency_ms"), 1) AS "avg_latency_ms",
  COALESCE(SUM("tokens_in"), 0)::bigint AS "tokens_in",
  COALESCE(SUM("tokens_out"), 0)::bigint AS "tokens_out",
  COALESCE(SUM("audio_duration_ms"), 0)::bigint AS "audio_duration_ms",
  COALESCE(SUM("estimated_cost_usd"), 0)::numeric(12, 6) AS "cost_usd"
FROM "ai_usage_log"
GROUP BY 1, 2, 3, 4;
