ALTER TYPE "governance"."approval_status" ADD VALUE 'CANCELLED';--> statement-breakpoint
ALTER TABLE "governance"."board_states" ADD COLUMN "lead_agent_id" uuid;--> statement-breakpoint
ALTER TABLE "governance"."task_states" ADD COLUMN "assignee_agent_id" uuid;--> statement-breakpoint
ALTER TABLE "governance"."task_states" ADD COLUMN "assigned_at" timestamp (3) with time zone;