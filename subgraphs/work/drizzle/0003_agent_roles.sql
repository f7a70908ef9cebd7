ALTER TABLE "work"."boards" ADD COLUMN "lead_agent_id" uuid;--> statement-breakpoint
ALTER TABLE "work"."tasks" ADD COLUMN "last_worker_agent_id" uuid;