-- CreateTable
CREATE TABLE "review_items" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "lesson_id" VARCHAR(64) NOT NULL,
    "activity_id" VARCHAR(64) NOT NULL,
    "error_type" "ErrorType" NOT NULL,
    "answer" TEXT NOT NULL,
    "correction" TEXT NOT NULL,
    "due" TIMESTAMPTZ(3) NOT NULL,
    "stability" DOUBLE PRECISION NOT NULL,
    "difficulty" DOUBLE PRECISION NOT NULL,
    "scheduled_days" INTEGER NOT NULL,
    "learning_steps" INTEGER NOT NULL,
    "reps" INTEGER NOT NULL,
    "lapses" INTEGER NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "last_review" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "review_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "review_items_user_id_due_idx" ON "review_items"("user_id", "due");

-- CreateIndex
CREATE UNIQUE INDEX "review_items_user_id_activity_id_key" ON "review_items"("user_id", "activity_id");

-- AddForeignKey
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
