-- AlterEnum
ALTER TYPE "SessionStatus" ADD VALUE 'interrupted';

-- CreateTable
CREATE TABLE "server_runs" (
    "process_id" VARCHAR(64) NOT NULL,
    "instance_id" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "server_runs_pkey" PRIMARY KEY ("process_id")
);

-- CreateIndex
CREATE INDEX "server_runs_instance_id_idx" ON "server_runs"("instance_id");
