ALTER TABLE "work"."task_approvals" ADD COLUMN "action_type" text;--> statement-breakpoint
ALTER TABLE "work"."task_approvals" ADD COLUMN "spent_at" timestamp (3) with time zone;