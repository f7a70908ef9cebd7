ALTER TABLE "governance"."activity" ADD COLUMN "task_ids" uuid[];--> statement-breakpoint
CREATE INDEX "activity_task_ids_idx" ON "governance"."activity" USING gin ("task_ids");